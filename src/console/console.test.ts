import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium } from '../../test/support/chromium.ts';
import { runCli } from '../../test/support/cli.ts';
import { resolveConfig } from '../config/index.ts';
import { approvePlan, rejectPlan } from '../decisions/index.ts';
import { needsSecondApproval } from '../model/index.ts';
import { openStore, type Store, type StoredPlan } from '../state/index.ts';
import { buildConsole } from './index.ts';

const PASSWORD = 'correct horse battery staple';
const HOSTILE = '<img src=x onerror="window.__pwned = 1">Mallory';
/** Executor entries planted in the audit log: a night's worth, several pages. */
const AUDIT_ITEMS = 240;

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
    await store.addUser('fin2', PASSWORD, 'finance');
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
    // A night's execution as the audit log holds it: an entry per item with the API's answer.
    const insert = raw.prepare(
      'INSERT INTO audit (at, actor, action, run_id, set_id, plan_id, detail_json) VALUES (?, ?, ?, NULL, NULL, ?, ?)',
    );
    for (let i = 0; i < AUDIT_ITEMS; i++) {
      const planId = plans[i % plans.length]!.plan.planId;
      insert.run(
        `2026-12-01T03:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000Z`,
        'resrecon-executor',
        'ITEM_DONE',
        planId,
        JSON.stringify({
          itemId: `refund-${i}`,
          kind: 'refund',
          call: `POST /payments/pay-${i}/refunds`,
          httpStatus: 201,
          attempts: 1,
          response: {
            refundId: `rf-${i}`,
            status: 'SUCCEEDED',
            amount: '412.50',
            currency: 'EUR',
            gateway: { reference: 'x'.repeat(300), trace: Array.from({ length: 12 }, (_, k) => `hop-${k}`) },
          },
        }),
      );
    }
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

  // Sign-in is rate-limited (ten a minute from one address): each user signs in once, and later
  // tests open a new browser context with that session's cookie.
  const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
  async function signedIn(user: string) {
    const known = sessions.get(user);
    if (known) {
      const context = await browser.newContext({ storageState: known });
      const page = await context.newPage();
      await page.goto(`${base}/plans`);
      expect(new URL(page.url()).pathname).toBe('/plans');
      return { context, page };
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/plans`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=username]', user);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/plans`);
    sessions.set(user, await context.storageState());
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

  it('offers the second approval of a large refund only to finance who did not give the first, and answers a refused decision with a page that says why and leads back', async () => {
    const large = plans.filter((p) => needsSecondApproval(p.plan))[1];
    expect(large, 'the demo night has two refunds past the limit').toBeDefined();
    const id = large!.plan.planId;
    const fin = await signedIn('fin');
    await fin.page.goto(`${base}/plans/${id}`);
    expect(await fin.page.textContent('#status')).toBe('Awaiting approval');
    await fin.page.click('form[action$="/approve"] button[type=submit]');
    // Approved once: the status says what it waits for, not "Approved".
    expect(await fin.page.textContent('#status')).toBe('Awaiting second approval (finance)');
    expect(await fin.page.locator('form[action$="/approve"]').count()).toBe(0);
    // Refused all the same when posted: a page in the layout, the authority's words, a way back.
    const csrf = await fin.page.locator('input[name=_csrf]').first().getAttribute('value');
    const refused = await fin.page.request.post(`${base}/plans/${id}/approve`, { form: { _csrf: csrf! } });
    expect(refused.status()).toBe(403);
    await fin.page.setContent(await refused.text());
    expect(await fin.page.textContent('[role=alert]')).toMatch(/already approved by fin/);
    expect(await fin.page.getAttribute('main a', 'href')).toBe(`/plans/${id}`);
    await fin.context.close();
    const other = await signedIn('fin2');
    await other.page.goto(`${base}/plans/${id}`);
    expect(await other.page.textContent('form[action$="/approve"] button[type=submit]')).toBe(
      'Give the second approval (finance)',
    );
    await other.context.close();
  }, 60_000);

  it('answers a decision the plan no longer waits for with a page in the layout, and its link leads back to the plan', async () => {
    const id = plans.find((p) => !needsSecondApproval(p.plan) && p.plan.planId !== plans[1]!.plan.planId)!
      .plan.planId;
    const ops = await signedIn('ops');
    await ops.page.goto(`${base}/plans/${id}`);
    // Someone else decides first, from the command line.
    await rejectPlan(store, id, {
      by: 'first-approver',
      reason: 'not a duplicate',
      category: 'not-a-duplicate',
    });
    const [answer] = await Promise.all([
      ops.page.waitForResponse((r) => r.url().endsWith(`/plans/${id}/approve`)),
      ops.page.click('form[action$="/approve"] button[type=submit]'),
    ]);
    expect(answer.status()).toBe(409);
    expect(await ops.page.textContent('h1')).toBe('Not done');
    expect(await ops.page.textContent('[role=alert]')).toMatch(new RegExp(id));
    expect(await ops.page.locator('header a', { hasText: 'Plans' }).count()).toBe(1);
    await Promise.all([
      ops.page.waitForURL(`${base}/plans/${id}`),
      ops.page.click(`main a[href="/plans/${id}"]`),
    ]);
    expect(await ops.page.textContent('#status')).toBe('Rejected');
    await ops.context.close();
  }, 60_000);

  it('answers an unknown plan id with a 404 page in the layout', async () => {
    const ops = await signedIn('ops');
    const res = await ops.page.goto(`${base}/plans/plan-does-not-exist`);
    expect(res?.status()).toBe(404);
    expect(await ops.page.textContent('h1')).toBe('No such plan');
    expect(await ops.page.textContent('[role=alert]')).toBe('There is no plan plan-does-not-exist.');
    await Promise.all([ops.page.waitForURL(`${base}/plans`), ops.page.click('main a[href="/plans"]')]);
    await ops.context.close();
  }, 60_000);

  it('reads the audit log as rows, a page at a time, with the details folded', async () => {
    const ops = await signedIn('ops');
    await ops.page.setViewportSize({ width: 1280, height: 800 });
    await ops.page.goto(`${base}/audit`);
    const rows = ops.page.locator('main tbody tr');
    expect(await rows.count()).toBe(50);
    // Bounded: fifty rows of a line each, not a wall of JSON.
    const height = Number(await ops.page.evaluate('document.documentElement.scrollHeight'));
    expect(height).toBeLessThan(3500);
    const first = rows.first();
    expect(await first.locator('td').nth(0).textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d UTC$/,
    );
    const summary = (await first.locator('summary').textContent()) ?? '';
    expect(summary).not.toContain('{');
    expect(await first.locator('pre').isVisible()).toBe(false);
    const executed = rows.filter({ hasText: 'Item done' }).first();
    expect(await executed.locator('summary').textContent()).toMatch(
      /^item id: refund-\d+; kind: refund; call: POST \/payments\/pay-\d+\/refunds; http status: 201; attempts: 1$/,
    );
    await executed.locator('summary').click();
    expect(await executed.locator('pre').isVisible()).toBe(true);
    expect(await executed.locator('pre').textContent()).toContain('"refundId"');
    expect(await executed.locator('a.mono').getAttribute('href')).toMatch(/^\/plans\/plan-/);
    // Older entries on the next page, none repeated.
    const seen = new Set(await rows.locator('td:nth-child(1)').evaluateAll((tds) => tds.map((t) => t.title)));
    await Promise.all([ops.page.waitForURL(/\/audit\?before=\d+/), ops.page.click('text=older →')]);
    const next = await ops.page
      .locator('main tbody tr td:nth-child(1)')
      .evaluateAll((tds) => tds.map((t) => t.title));
    expect(next.length).toBe(50);
    expect(next.some((t) => seen.has(t))).toBe(false);
    expect(await ops.page.locator('text=← newest').count()).toBe(1);
    await ops.context.close();
  }, 60_000);

  it('brings the list back with the same filters, order and page after a bulk approval', async () => {
    const ops = await signedIn('ops');
    const query = 'status=PROPOSED&flag=clean&sort=newest&page=2';
    await ops.page.goto(`${base}/plans?${query}`);
    const bulk = ops.page.locator('form[action="/plans/approve"]');
    expect(await bulk.count(), 'the second page of clean proposed plans has plans to approve').toBe(1);
    const ids = await bulk
      .locator('input[name=plan]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('value') ?? ''));
    await bulk.locator('input[name=reason]').fill('looked at the page');
    await bulk.locator('button[type=submit]').click();
    await ops.page.waitForURL((u) => u.pathname === '/plans' && u.search !== '');
    expect(Object.fromEntries(new URL(ops.page.url()).searchParams)).toEqual(
      Object.fromEntries(new URLSearchParams(query)),
    );
    expect(await ops.page.textContent('[role=status]')).toContain(`${ids.length} plan(s) approved`);
    expect(await ops.page.inputValue('select[name=status]')).toBe('PROPOSED');
    expect(await ops.page.inputValue('select[name=flag]')).toBe('clean');
    expect(await ops.page.inputValue('select[name=sort]')).toBe('newest');
    for (const id of ids) expect((await store.getPlan(id))?.status).toBe('APPROVED');
    await ops.context.close();
  }, 60_000);
});
