import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import { addDeciders } from '../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { type ResolvedConfig, resolveConfig } from '../config/index.ts';
import { approvePlan } from '../decisions/index.ts';
import {
  flagWords,
  needsSecondApproval,
  planMoney,
  REJECTION_CATEGORIES,
  rejectionCategoryLabel,
  toMinor,
} from '../model/index.ts';
import { planSet, retirementOf } from '../reconcile/index.ts';
import { runRow } from '../reports/index.ts';
import { openStore, type Store } from '../state/index.ts';
import { buildConsole } from './index.ts';

const PASSWORD = 'correct horse battery staple';
const SECRET = 'a test secret of at least thirty-two characters';
let home = '';
let store: Store;
let config: ResolvedConfig;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'resrecon-console-http-'));
  const ran = await runCli(['run', '--no-email', '--out', join(home, 'out')], {
    cwd: home,
    env: { RESRECON_HOME: home },
  });
  expect(ran.code, ran.stderr).toBe(0);
  config = resolveConfig({ cwd: home, env: { RESRECON_HOME: home } });
  store = await openStore({ stateUrl: null, home: config.localDir });
  await store.addUser('ops', PASSWORD, 'approver');
}, 120_000);
afterAll(async () => {
  await store?.close();
  rmSync(home, { recursive: true, force: true });
});

async function signIn(app: FastifyInstance): Promise<string> {
  const form = await app.inject({ method: 'GET', url: '/login' });
  const token = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
  let cookie = String(form.headers['set-cookie']).split(';')[0]!;
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, username: 'ops', password: PASSWORD }).toString(),
  });
  expect(res.statusCode).toBe(302);
  cookie = String(res.headers['set-cookie'] ?? cookie).split(';')[0]!;
  return cookie;
}

/** The text of a page's alert: why the console refused. */
function refusal(html: string): string {
  return htmlText(/<div class="error" role="alert">([^<]*)<\/div>/.exec(html)?.[1] ?? '');
}

/** Text as the templates escaped it, read back. */
function htmlText(text: string): string {
  return text
    .replaceAll('&#x27;', "'")
    .replaceAll('&#x3D;', '=')
    .replaceAll('&#x60;', '`')
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

describe('the console over HTTP', () => {
  it('refuses a wrong password without saying which part was wrong', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const form = await app.inject({ method: 'GET', url: '/login' });
    const token = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      headers: {
        cookie: String(form.headers['set-cookie']).split(';')[0]!,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ _csrf: token, username: 'ops', password: 'not it at all' }).toString(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Wrong user or password.');
    await app.close();
  });

  it('filters by currency and amount, and exports the same lists as the emails', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const all = await app.inject({ method: 'GET', url: '/refunds.csv', headers: { cookie } });
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-disposition']).toBe('attachment; filename="refunds.csv"');
    const eur = await app.inject({
      method: 'GET',
      url: '/refunds.csv?currency=EUR&min=500',
      headers: { cookie },
    });
    const lines = eur.body.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(all.body.trim().split('\n').length - 1);
    const plans = await app.inject({ method: 'GET', url: '/plans.csv?flag=flagged', headers: { cookie } });
    expect(plans.statusCode).toBe(200);
    const page = await app.inject({ method: 'GET', url: '/plans?currency=EUR&min=500', headers: { cookie } });
    expect(page.body).toMatch(/\d+ plan\(s\), money at stake first/);
    await app.close();
  });

  it('says which page of how many the list is on, and the next page keeps the filters', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const all = (await store.listPlans({})).length;
    const pages = Math.max(1, Math.ceil(all / 50));
    const first = await app.inject({ method: 'GET', url: '/plans?sort=stake', headers: { cookie } });
    expect(first.body).toContain(`page 1 of ${pages}</span>`);
    expect(first.body).not.toMatch(/page page-/);
    expect(pages, 'the demo night fills more than one page').toBeGreaterThan(1);
    const next = htmlText(/<a href="\/plans\?([^"]*)">next →<\/a>/.exec(first.body)![1]!);
    expect(Object.fromEntries(new URLSearchParams(next))).toEqual({ sort: 'stake', page: '2' });
    const second = await app.inject({ method: 'GET', url: `/plans?${next}`, headers: { cookie } });
    expect(second.body).toContain(`page 2 of ${pages}</span>`);
    // A page past the end shows the last one.
    const past = await app.inject({ method: 'GET', url: '/plans?page=999', headers: { cookie } });
    expect(past.body).toContain(`page ${pages} of ${pages}</span>`);
    await app.close();
  });

  it('puts the largest plan of every currency on top, never comparing currencies, and says how it is ordered', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    // The biggest stake of each currency, from the plans themselves.
    const stored = await store.withDoneItems(await store.listPlans({}));
    const biggest = new Map<string, { planId: string; minor: bigint }>();
    for (const p of stored) {
      for (const m of planMoney(p).atStake) {
        const minor = toMinor(m.amount);
        const best = biggest.get(m.currency);
        if (!best || minor > best.minor || (minor === best.minor && p.plan.planId < best.planId))
          biggest.set(m.currency, { planId: p.plan.planId, minor });
      }
    }
    expect(biggest.size, 'the demo night moves money in several currencies').toBeGreaterThan(1);
    const res = await app.inject({ method: 'GET', url: '/plans', headers: { cookie } });
    const ids = [...res.body.matchAll(/<tr><td><a class="mono" href="\/plans\/([^"]+)">/g)].map((m) => m[1]!);
    const top = ids.slice(0, biggest.size);
    expect(new Set(top)).toEqual(new Set([...biggest.values()].map((b) => b.planId)));
    expect(res.body).toMatch(/plan\(s\), money at stake first, ranked within each currency\./);
    expect(res.body).toContain('Amounts in different currencies are never compared');
    // The currency filter offers each currency the plans move money in.
    for (const c of biggest.keys()) expect(res.body).toContain(`<option value="${c}">${c}</option>`);
    const one = [...biggest.keys()][1]!;
    const only = await app.inject({ method: 'GET', url: `/plans?currency=${one}`, headers: { cookie } });
    const first = /<tr><td><a class="mono" href="\/plans\/([^"]+)">/.exec(only.body)![1];
    expect(first).toBe(biggest.get(one)!.planId);
    expect(only.body).toContain(`<option value="${one}" selected>${one}</option>`);
    await app.close();
  });

  it('names each flag of a plan in words on the list, and filters on one flag', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const res = await app.inject({ method: 'GET', url: '/plans?flag=flagged', headers: { cookie } });
    const flagged = (await store.listPlans({})).filter((p) => p.plan.flags.length > 0);
    expect(flagged.length).toBeGreaterThan(0);
    const badges = [...res.body.matchAll(/<span class="badge warn" title="[^"]*">([^<]*)<\/span>/g)].map(
      (m) => m[1]!,
    );
    const codes = new Set(flagged.flatMap((p) => p.plan.flags.map((f) => f.code)));
    expect(new Set(badges)).toEqual(new Set([...codes].map(flagWords)));
    expect(badges).not.toContain('flagged');
    for (const b of badges) expect(b).toMatch(/^[a-z ]+$/);
    const large = await app.inject({ method: 'GET', url: '/plans?flag=LARGE_REFUND', headers: { cookie } });
    const ids = [...large.body.matchAll(/<tr><td><a class="mono" href="\/plans\/([^"]+)">/g)].map(
      (m) => m[1]!,
    );
    expect(ids.sort()).toEqual(
      flagged
        .filter((p) => p.plan.flags.some((f) => f.code === 'LARGE_REFUND'))
        .map((p) => p.plan.planId)
        .slice(0, 50)
        .sort(),
    );
    expect(large.body).toContain('<option value="LARGE_REFUND" selected>large refund</option>');
    await app.close();
  });

  it('lists only the plans of the sets a link names, as a regression alert links its example sets', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const plans = (await store.listPlans({})).slice(0, 2);
    expect(plans).toHaveLength(2);
    const url = `/plans?set=${plans.map((p) => encodeURIComponent(p.setId)).join(',')}`;
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ids = [...res.body.matchAll(/<tr><td><a class="mono" href="\/plans\/([^"]+)">/g)].map((m) => m[1]!);
    expect(ids.sort()).toEqual(plans.map((p) => p.plan.planId).sort());
    await app.close();
  });

  it("lists a named set's latest plan once none is current, so an old alert's link to its example sets still opens them", async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    // A set whose plan a later run retired (it found the bookings legitimate after all).
    const dup = makeSet([
      makeMember('old-alert-1', '2026-10-01T10:00:00.000000Z', [{ paymentId: 'p-old-alert-1' }]),
      makeMember('old-alert-2', '2026-10-01T10:00:02.000000Z', [{ paymentId: 'p-old-alert-2' }]),
    ]);
    await store.savePlans('old-alert-run', [dup], [planSet(dup, OPTIONS)], { retirementOf });
    const legit = makeSet(dup.members, { verdict: 'LEGITIMATE', rootCause: null });
    await store.savePlans('old-alert-next', [legit], [], { retirementOf });
    const [retired] = await store.listPlans({ setId: dup.setId, includeSuperseded: true });
    expect(retired?.status).toBe('SUPERSEDED');
    const current = (await store.listPlans({}))[0]!;
    const url = `/plans?set=${encodeURIComponent(dup.setId)},${encodeURIComponent(current.setId)}`;
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ids = [...res.body.matchAll(/<tr><td><a class="mono" href="\/plans\/([^"]+)">/g)].map((m) => m[1]!);
    expect(ids.sort()).toEqual([retired!.plan.planId, current.plan.planId].sort());
    // The set's page opens the same plan.
    const page = await app.inject({
      method: 'GET',
      url: `/sets/${encodeURIComponent(dup.setId)}`,
      headers: { cookie },
    });
    expect(page.headers.location).toBe(`/plans/${encodeURIComponent(retired!.plan.planId)}`);
    await app.close();
  });

  it('shows each booking’s confirmation number beside its id on the plan page', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const stored = (await store.listPlans({}))[0]!;
    const set = (await store.getSet(stored.setId))!;
    const res = await app.inject({ method: 'GET', url: `/plans/${stored.plan.planId}`, headers: { cookie } });
    for (const m of set.members) {
      expect(m.confirmationNumber).not.toBe('');
      expect(res.body).toMatch(
        new RegExp(
          `<td class="mono">${m.reservationId}[^<]*(<span[^>]*>keep</span>)?</td><td class="mono">${m.confirmationNumber}</td>`,
        ),
      );
    }
    const kept = set.members.find((m) => m.reservationId === stored.plan.keepReservationId)!;
    expect(res.body).toContain(
      `Keep <span class="mono">${kept.reservationId} (${kept.confirmationNumber})</span>`,
    );
    await app.close();
  });

  it("opens a set's current plan from the set's page, as the engineering report links it", async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const stored = (await store.listPlans({}))[0]!;
    const res = await app.inject({
      method: 'GET',
      url: `/sets/${encodeURIComponent(stored.setId)}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/plans/${encodeURIComponent(stored.plan.planId)}`);
    const unknown = await app.inject({ method: 'GET', url: '/sets/dup_nope', headers: { cookie } });
    expect(unknown.statusCode).toBe(404);
    expect(refusal(unknown.body)).toBe('There is no plan for set dup_nope.');
    // Signed out, the set's page asks to sign in first, as every page does.
    const out = await app.inject({ method: 'GET', url: `/sets/${stored.setId}` });
    expect(out.statusCode).toBe(302);
    expect(out.headers.location).toMatch(/^\/login/);
    await app.close();
  });

  it('answers an unknown plan and an unknown page with a 404 page in the layout', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const res = await app.inject({ method: 'GET', url: '/plans/plan-nope', headers: { cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(refusal(res.body)).toBe('There is no plan plan-nope.');
    expect(res.body).toContain('<a href="/plans">Back to the plans</a>');
    expect(res.body).toContain('ops (approver)');
    const token = /name="_csrf" value="([^"]*)"/.exec(res.body)![1]!;
    const post = await app.inject({
      method: 'POST',
      url: '/plans/plan-nope/approve',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token }).toString(),
    });
    expect(post.statusCode).toBe(404);
    expect(refusal(post.body)).toBe('There is no plan plan-nope.');
    const lost = await app.inject({ method: 'GET', url: '/nowhere', headers: { cookie } });
    expect(lost.statusCode).toBe(404);
    expect(refusal(lost.body)).toBe('There is no page /nowhere here.');
    await app.close();
  });

  it('shows each run’s money at stake on the runs page, as resrecon runs does', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const runs = await store.listRuns(100);
    const res = await app.inject({ method: 'GET', url: '/runs', headers: { cookie } });
    const cells = [...res.body.matchAll(/<td class="at-stake">([^<]*)<\/td>/g)].map((m) => m[1]!);
    expect(cells).toEqual(runs.map((r) => String(runRow(r)['at stake'])));
    expect(cells[0]).toMatch(/^[A-Z]{3} [\d,]+(\.\d+)?/);
    await app.close();
  });

  it('approves the unflagged proposed plans of a page in one go, and never a flagged one', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const page = await app.inject({ method: 'GET', url: '/plans?status=PROPOSED', headers: { cookie } });
    const form = /<form class="card" method="post" action="\/plans\/approve">([\s\S]*?)<\/form>/.exec(
      page.body,
    )![1]!;
    const token = /name="_csrf" value="([^"]*)"/.exec(form)![1]!;
    const ids = [...form.matchAll(/name="plan" value="([^"]*)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    const flagged = (await store.listPlans({ status: 'PROPOSED' })).find((p) => p.plan.flags.length > 0)!;
    const body = new URLSearchParams({ _csrf: token, reason: 'looked at the list' });
    for (const id of [...ids, flagged.plan.planId]) body.append('plan', id);
    const res = await app.inject({
      method: 'POST',
      url: '/plans/approve',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(res.statusCode).toBe(302);
    for (const id of ids) expect((await store.getPlan(id))?.status).toBe('APPROVED');
    expect((await store.getPlan(flagged.plan.planId))?.status).toBe('PROPOSED');
    await app.close();
  });

  it('trusts a single-sign-on proxy’s user header, and still needs a role from here', async () => {
    const app = await buildConsole({
      config: { ...config, console: { trustedHeader: 'X-Forwarded-User' } },
      store,
      sessionSecret: SECRET,
    });
    const known = await app.inject({ method: 'GET', url: '/plans', headers: { 'x-forwarded-user': 'ops' } });
    expect(known.statusCode).toBe(200);
    expect(known.body).toContain('ops (approver)');
    const stranger = await app.inject({
      method: 'GET',
      url: '/plans',
      headers: { 'x-forwarded-user': 'eve' },
    });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.body).toMatch(/eve is signed in but has no role here/);
    const none = await app.inject({ method: 'GET', url: '/plans' });
    expect(none.statusCode).toBe(302);
    await app.close();
  });

  it('shows a large refund approved once as awaiting the second approval, and refuses it to an approver with the same words as the command line', async () => {
    const large = (await store.listPlans({ status: 'PROPOSED' })).find((p) => needsSecondApproval(p.plan));
    expect(large, 'the demo night has a refund past the limit').toBeDefined();
    const id = large!.plan.planId;
    await addDeciders(store, { 'first-approver': 'approver' });
    await approvePlan(store, id, { by: 'first-approver' }, config.reconcile);
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const list = await app.inject({
      method: 'GET',
      url: '/plans?status=SECOND_APPROVAL',
      headers: { cookie },
    });
    expect(list.body).toContain(id);
    expect(list.body).toContain('Awaiting second approval (finance)');
    const page = await app.inject({ method: 'GET', url: `/plans/${id}`, headers: { cookie } });
    expect(page.body).toContain('Awaiting second approval (finance)');
    // The authority tells the page that ops may not give it: no button.
    expect(page.body).not.toContain(`action="/plans/${id}/approve"`);
    const token = /name="_csrf" value="([^"]*)"/.exec(page.body)![1]!;
    const post = await app.inject({
      method: 'POST',
      url: `/plans/${id}/approve`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token }).toString(),
    });
    expect(post.statusCode).toBe(403);
    // A page in the console's layout, saying why and leading back to the plan.
    expect(post.headers['content-type']).toMatch(/^text\/html/);
    const why = refusal(post.body);
    expect(why).toMatch(/needs the finance role; ops has the approver role/);
    expect(post.body).toContain(`href="/plans/${id}"`);
    await app.close();
    // The other door, the same check: one line, the same words, exit status 1.
    const cli = await runCli(['plans', 'approve', id, '--by', 'ops'], {
      cwd: home,
      env: { RESRECON_HOME: home },
    });
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n').at(-1)).toBe(`resrecon: ${why}`);
    expect((await store.approvers(id)).length).toBe(1);
  });

  it('lets the demo’s local deciders decide the demo’s plans from the command line, and never sign in', async () => {
    const plan = (await store.listPlans({ status: 'PROPOSED' })).find((p) => !needsSecondApproval(p.plan));
    expect(plan, 'the demo night has a plan left to decide').toBeDefined();
    const ok = await runCli(
      ['plans', 'approve', plan!.plan.planId, '--by', 'demo-ops', '--reason', 'looked at it'],
      { cwd: home, env: { RESRECON_HOME: home } },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/DEMO DATA/);
    expect(await store.getUser('demo-finance')).toEqual(expect.objectContaining({ role: 'finance' }));
    expect(await store.checkPassword('demo-ops', '')).toBeNull();
    expect(await store.checkPassword('demo-ops', 'none')).toBeNull();
  });
  it('rejects a plan with the reason category chosen in the form, shown in its history and the audit log', async () => {
    const app = await buildConsole({ config, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const stored = (await store.listPlans({ status: 'PROPOSED' }))[0]!;
    const id = stored.plan.planId;
    const page = await app.inject({ method: 'GET', url: `/plans/${id}`, headers: { cookie } });
    const form = /<form method="post" action="\/plans\/[^"]+\/reject"[^>]*>([\s\S]*?)<\/form>/.exec(
      page.body,
    )![1]!;
    expect(form).toContain('<select name="category" required>');
    expect([...form.matchAll(/<option value="([^"]+)">/g)].map((m) => m[1])).toEqual(
      REJECTION_CATEGORIES.map((c) => c.code),
    );
    const token = /name="_csrf" value="([^"]*)"/.exec(form)![1]!;
    const post = (body: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/plans/${id}/reject`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, ...body }).toString(),
      });
    const without = await post({ reason: 'two rooms, one family' });
    expect(without.statusCode).toBe(400);
    expect(refusal(without.body)).toMatch(/^Choose why the plan is wrong .*: nothing was changed\.$/);
    const unknown = await post({ reason: 'two rooms, one family', category: 'typo' });
    expect(unknown.statusCode).toBe(400);
    expect((await store.getPlan(id))!.status).toBe('PROPOSED');
    const done = await post({ reason: 'two rooms, one family', category: 'not-a-duplicate' });
    expect(done.statusCode).toBe(302);
    expect(await store.decisions(id)).toEqual([
      expect.objectContaining({
        decision: 'REJECTED',
        category: 'not-a-duplicate',
        reason: 'two rooms, one family',
      }),
    ]);
    const shown = `category: ${rejectionCategoryLabel('not-a-duplicate')}`;
    const after = await app.inject({ method: 'GET', url: `/plans/${id}`, headers: { cookie } });
    expect(htmlText(after.body)).toContain(shown);
    const audit = await app.inject({ method: 'GET', url: '/audit', headers: { cookie } });
    expect(htmlText(audit.body)).toContain(shown);
    await app.close();
  });

  it('lists the measured precision on the rules page and records a look at a rule under it', async () => {
    // Any rejection puts a rule under a minimum of 1 once one decision is enough to judge.
    const strict = { ...config, precision: { minPrecision: 1, precisionDays: 30, minDecisions: 1 } };
    const app = await buildConsole({ config: strict, store, sessionSecret: SECRET });
    const cookie = await signIn(app);
    const rejected = (await store.listPlans({ status: 'REJECTED' }))[0]!;
    const rule = (await store.getSet(rejected.setId))!.ruleId!;
    const page = await app.inject({ method: 'GET', url: '/rules', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr id="rule-${rule}">([\\s\\S]*?)</tr>`).exec(page.body)![1]!;
    expect(row).toContain('under precision');
    expect(htmlText(row)).toContain(`rejected as ${rejectionCategoryLabel('not-a-duplicate')}`);
    const token = /name="_csrf" value="([^"]*)"/.exec(row)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: `/rules/${rule}/reviewed`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token,
        note: 'two-room families, as the guests said',
      }).toString(),
    });
    expect(res.statusCode).toBe(302);
    expect((await store.ruleReviews()).find((r) => r.ruleId === rule)).toEqual(
      expect.objectContaining({ reviewedBy: 'ops', note: 'two-room families, as the guests said' }),
    );
    const again = await app.inject({ method: 'GET', url: '/rules', headers: { cookie } });
    const after = new RegExp(`<tr id="rule-${rule}">([\\s\\S]*?)</tr>`).exec(again.body)![1]!;
    expect(after).toContain('looked at by ops');
    expect(after).not.toContain('/reviewed');
    await app.close();
  });
});
