import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium } from '../../test/support/chromium.ts';
import { runCli } from '../../test/support/cli.ts';
import { resolveConfig } from '../config/index.ts';
import { approvePlan } from '../decisions/index.ts';
import { needsSecondApproval } from '../model/index.ts';
import { openStore, type Store, type StoredPlan } from '../state/index.ts';
import { buildConsole } from './index.ts';

const PASSWORD = 'correct horse battery staple';
const HOSTILE = '<img src=x onerror="window.__pwned = 1">Mallory';

describe.skipIf(!haveChromium('the console tests'))('the ops console in Chromium', () => {
  let home = '';
  let store: Store;
  let app: FastifyInstance;
  let base = '';
  let browser: Browser;
  let plans: StoredPlan[] = [];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-console-'));
    const env = { RESRECON_HOME: home };
    const ran = await runCli(['run', '--no-email', '--out', join(home, 'out')], { cwd: home, env });
    expect(ran.code, ran.stderr).toBe(0);
    const config = resolveConfig({ cwd: home, env });
    store = await openStore({ stateUrl: null, home: config.localDir });
    await store.addUser('ops', PASSWORD, 'approver');
    await store.addUser('fin', PASSWORD, 'finance');
    await store.addUser('view', PASSWORD, 'viewer');
    await store.addUser('first-approver', null, 'approver');
    plans = await store.listPlans({ status: 'PROPOSED' });
    // A guest name written by an attacker, as a channel might pass it on.
    const raw = new SQLite(join(config.localDir, 'state.sqlite'));
    const row = raw.prepare('SELECT members_json FROM sets WHERE set_id = ?').get(plans[0]!.setId) as {
      members_json: string;
    };
    const members = JSON.parse(row.members_json) as { guestName: string }[];
    for (const m of members) m.guestName = HOSTILE;
    raw
      .prepare('UPDATE sets SET members_json = ? WHERE set_id = ?')
      .run(JSON.stringify(members), plans[0]!.setId);
    raw.close();
    app = await buildConsole({
      config,
      store,
      sessionSecret: 'a test secret of at least thirty-two characters',
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function signedIn(user: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/plans`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/plans`);
    return { context, page };
  }

  it('signs in, filters, opens a plan, approves it, and shows the decision in the audit log', async () => {
    const { context, page } = await signedIn('ops');
    await page.selectOption('select[name=status]', 'PROPOSED');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/status=PROPOSED/);
    const target = plans[1]!.plan.planId;
    await page.goto(`${base}/plans?status=PROPOSED&page=1`);
    await page.goto(`${base}/plans/${target}`);
    expect(await page.locator('h1').textContent()).toContain(target);
    await page.fill('form[action$="/approve"] input[name=reason]', 'checked the payments');
    await page.click('form[action$="/approve"] button[type=submit]');
    expect(await page.locator('[role=status]').textContent()).toContain(`Plan ${target} approved by ops`);
    expect((await store.getPlan(target))?.status).toBe('APPROVED');
    await page.click('text=Audit');
    const audit = page.locator('table');
    expect(await audit.textContent()).toContain('Plan approved');
    expect(await audit.textContent()).toContain(target);
    await context.close();
  }, 60_000);

  it('refuses the second approval of a refund past the limit to an ops approver, and takes it from finance', async () => {
    const large = plans.find((p) => needsSecondApproval(p.plan));
    expect(large, 'the demo night has a refund past the limit').toBeDefined();
    const id = large!.plan.planId;
    await approvePlan(
      store,
      id,
      { by: 'first-approver' },
      resolveConfig({ cwd: home, env: { RESRECON_HOME: home } }).reconcile,
    );
    const ops = await signedIn('ops');
    await ops.page.goto(`${base}/plans/${id}`);
    // The decision authority tells the page an approver may not give it: no button, and the
    // status says what the plan waits for.
    expect(await ops.page.locator('form[action$="/approve"]').count()).toBe(0);
    expect(await ops.page.textContent('body')).toContain('Awaiting second approval (finance)');
    const csrf = await ops.page.locator('input[name=_csrf]').first().getAttribute('value');
    const refused = await ops.page.request.post(`${base}/plans/${id}/approve`, { form: { _csrf: csrf! } });
    expect(refused.status()).toBe(403);
    // The decision authority's words, the same as the command line's, on a page in the layout.
    expect(refused.headers()['content-type']).toMatch(/^text\/html/);
    expect(await refused.text()).toMatch(/needs the finance role; ops has the approver role/);
    await ops.context.close();
    const fin = await signedIn('fin');
    await fin.page.goto(`${base}/plans/${id}`);
    await fin.page.click('form[action$="/approve"] button[type=submit]');
    expect(await fin.page.locator('[role=status]').textContent()).toContain('approved by fin');
    const approvers = (await store.decisions(id))
      .filter((d) => d.decision === 'APPROVED')
      .map((d) => d.decidedBy);
    expect(approvers).toEqual(['first-approver', 'fin']);
    await fin.context.close();
  }, 60_000);

  it('refuses an unauthenticated request and a viewer’s decision', async () => {
    const id = plans[2]!.plan.planId;
    const page = await fetch(`${base}/plans`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toMatch(/^\/login/);
    const post = await fetch(`${base}/plans/${id}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=x',
    });
    expect(post.status).toBe(401);
    const viewer = await signedIn('view');
    await viewer.page.goto(`${base}/plans/${id}`);
    expect(await viewer.page.locator('form[action$="/approve"]').count()).toBe(0);
    const res = await viewer.page.request.post(`${base}/plans/${id}/approve`, { form: { reason: 'x' } });
    expect(res.status()).toBe(403);
    await viewer.context.close();
    expect((await store.getPlan(id))?.status).toBe('PROPOSED');
  }, 60_000);

  it('refuses a form posted from another site, even with the session cookie', async () => {
    const id = plans[3]!.plan.planId;
    const evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        `<form id="f" method="post" action="${base}/plans/${id}/approve"><input name="reason" value="pwned"></form>
         <script>document.getElementById('f').submit()</script>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const { port } = evil.address() as AddressInfo;
    const ops = await signedIn('ops');
    const [answer] = await Promise.all([
      ops.page.waitForResponse((r) => r.url().endsWith(`/plans/${id}/approve`)),
      ops.page.goto(`http://localhost:${port}/`),
    ]);
    expect([401, 403]).toContain(answer.status());
    expect((await store.getPlan(id))?.status).toBe('PROPOSED');
    await ops.context.close();
    await new Promise<void>((r) => evil.close(() => r()));
  }, 60_000);

  it('shows a hostile guest name as text', async () => {
    const ops = await signedIn('ops');
    await ops.page.goto(`${base}/plans/${plans[0]!.plan.planId}`);
    expect(await ops.page.locator('main').textContent()).toContain(HOSTILE);
    expect(await ops.page.evaluate('window.__pwned')).toBeUndefined();
    expect(await ops.page.locator('main img').count()).toBe(0);
    await ops.context.close();
  }, 60_000);

  it('fits a phone: the plan list has no horizontal scroll at 390 px', async () => {
    const ops = await signedIn('ops');
    await ops.page.setViewportSize({ width: 390, height: 800 });
    await ops.page.goto(`${base}/plans`);
    const overflow = Number(
      await ops.page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await ops.context.close();
  }, 60_000);
});
