/**
 * `resrecon serve`: the ops console, server-rendered pages over the state store (fastify and the
 * project's Handlebars templates; no single-page build).
 *
 * - Sign-in with local users (scrypt hashes, `resrecon users`); a session in an HTTP-only,
 *   SameSite=Strict cookie, Secure whenever the request came over TLS.
 * - Every form carries a CSRF token tied to the session, checked once the form body is read; a
 *   post without it is refused (403).
 * - Roles: viewer reads; approver approves and rejects; finance also gives the second approval
 *   of a refund past the limit, which an approver may not. Who may decide is the decision
 *   authority's one check (src/decisions), the same as the CLI's: the pages ask it which buttons
 *   to show, and every decision goes through it, audited with who, when, why.
 * - Templates escape every value: a guest name is text, whatever it contains.
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ResolvedConfig } from '../config/index.ts';
import { approvePlan, deciderRefusal, mayDecide, rejectPlan } from '../decisions/index.ts';
import { PermissionError, StateError } from '../errors/index.ts';
import {
  AWAITING_SECOND_APPROVAL_LABEL,
  awaitedDecision,
  formatMoneyList,
  formatSourceMoney,
  isPlanStatus,
  type LabelledSet,
  PLAN_STATUSES,
  planMoney,
  planStatusLabel,
  ROOT_CAUSES,
  toMinor,
} from '../model/index.ts';
import { plansCsv, refundsCsv, runRow, toReportSet } from '../reports/index.ts';
import type { Role, Store, StoredPlan } from '../state/index.ts';
import { consoleViews } from './console-views.ts';
import { planItems } from './plan-items.ts';

declare module 'fastify' {
  interface Session {
    user?: { username: string; role: Role };
    notice?: string;
  }
}

export interface ConsoleOptions {
  readonly config: ResolvedConfig;
  readonly store: Store;
  /** Signs the session cookie; 32+ characters. Default: random per start. */
  readonly sessionSecret?: string;
}

const PAGE = 50;
/** The status filter's value for APPROVED plans still waiting for finance's second approval. */
const SECOND_APPROVAL_FILTER = 'SECOND_APPROVAL';

export async function buildConsole(options: ConsoleOptions): Promise<FastifyInstance> {
  const { store, config } = options;
  const views = consoleViews();
  // Forwarded headers count only from a proxy on this host: a client talking to the console
  // directly cannot claim TLS or another address (and slip past the sign-in rate limit).
  const app = Fastify({ logger: false, trustProxy: ['127.0.0.1', '::1'] });
  await app.register(formbody);
  await app.register(cookie);
  await app.register(session, {
    secret: options.sessionSecret ?? randomBytes(32).toString('hex'),
    cookieName: 'resrecon_session',
    cookie: { httpOnly: true, sameSite: 'strict', secure: 'auto', path: '/', maxAge: 8 * 3_600_000 },
    saveUninitialized: false,
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session' });
  await app.register(rateLimit, { global: false });

  // Behind a single-sign-on proxy the proxy says who signed in; the role still comes from here.
  const trusted = config.console.trustedHeader?.toLowerCase() ?? null;
  if (trusted) {
    app.addHook('onRequest', async (req, reply) => {
      const name = req.headers[trusted];
      if (typeof name !== 'string' || name === '') return;
      if (req.session.user?.username === name) return;
      const user = await store.getUser(name);
      if (!user) {
        return reply
          .code(403)
          .type('text/plain')
          .send(
            `${name} is signed in but has no role here: resrecon users add ${name} --role viewer|approver|finance`,
          );
      }
      req.session.user = { username: user.username, role: user.role };
    });
  }

  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    view: string,
    ctx: Record<string, unknown>,
  ) => {
    const notice = req.session.notice;
    if (notice) req.session.notice = undefined;
    const csrfToken = await reply.generateCsrf();
    reply.type('text/html; charset=utf-8');
    return views.render(view, { ...ctx, user: req.session.user, csrf: csrfToken, notice });
  };
  const signedIn = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.session.user) {
      if (req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
      return reply.code(401).type('text/plain').send('sign in first');
    }
  };
  const deciding = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.session.user) return reply.code(401).type('text/plain').send('sign in first');
    if (!mayDecide(req.session.user.role))
      return reply.code(403).type('text/plain').send('your role may not decide plans');
  };

  app.setErrorHandler(async (error, req, reply) => {
    const err = error instanceof Error ? error : new Error(String(error));
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 403 && /csrf/i.test(err.message))
      return reply.code(403).type('text/plain').send('invalid or missing CSRF token');
    if (err instanceof PermissionError) return reply.code(403).type('text/plain').send(err.message);
    if (err instanceof StateError) {
      reply.code(409);
      return page(req, reply, 'error', { title: 'Not done', error: err.message });
    }
    reply.code(status);
    return reply.type('text/plain').send(status >= 500 ? 'internal error' : err.message);
  });

  app.get('/', async (_req, reply) => reply.redirect('/plans'));

  app.get('/login', async (req, reply) => page(req, reply, 'login', { title: 'Sign in' }));
  app.post<{ Body: { username?: string; password?: string }; Querystring: { next?: string } }>(
    '/login',
    { preHandler: app.csrfProtection, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const user = await store.checkPassword(
        String(req.body.username ?? ''),
        String(req.body.password ?? ''),
      );
      if (!user) {
        reply.code(401);
        return page(req, reply, 'login', { title: 'Sign in', error: 'Wrong user or password.' });
      }
      await req.session.regenerate();
      req.session.user = { username: user.username, role: user.role };
      const next = req.query.next;
      return reply.redirect(next?.startsWith('/') && !next.startsWith('//') ? next : '/plans');
    },
  );
  app.post('/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    await req.session.destroy();
    return reply.redirect('/login');
  });

  app.get<{ Querystring: Record<string, string> }>('/plans', { onRequest: signedIn }, async (req, reply) => {
    const q = req.query;
    const { rows, total } = await filteredPlans(store, q);
    const pageNo = Math.max(1, Number(q['page'] ?? 1) || 1);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    const shown = rows.slice((pageNo - 1) * PAGE, pageNo * PAGE);
    const params = (p: number) => new URLSearchParams({ ...q, page: String(p) }).toString();
    return page(req, reply, 'plans', {
      title: 'Plans',
      statuses: [
        ...PLAN_STATUSES.map((s) => ({ value: s, label: planStatusLabel(s), selected: q['status'] === s })),
        {
          value: SECOND_APPROVAL_FILTER,
          label: AWAITING_SECOND_APPROVAL_LABEL,
          selected: q['status'] === SECOND_APPROVAL_FILTER,
        },
      ],
      causes: ROOT_CAUSES.map((c) => ({ value: c, selected: q['cause'] === c })),
      flagged: q['flag'] === 'flagged',
      clean: q['flag'] === 'clean',
      currency: q['currency'] ?? '',
      min: q['min'] ?? '',
      run: q['run'] ?? '',
      query: new URLSearchParams(q).toString(),
      total,
      rows: shown.map((r) => r.row),
      bulkable: shown
        .filter((r) => awaitedDecision(r.stored) === 'APPROVAL' && r.stored.plan.bulkApprovable)
        .map((r) => r.stored.plan.planId),
      canBulk: mayDecide(req.session.user!.role),
      page: pageNo,
      pages,
      prev: pageNo > 1 ? params(pageNo - 1) : null,
      next: pageNo < pages ? params(pageNo + 1) : null,
    });
  });

  // The lists as the emails attach them: plans.csv for ops, refunds.csv for finance.
  const csvOf = (name: string, write: (sets: ReturnType<typeof toReportSet>[]) => string) =>
    app.get<{ Querystring: Record<string, string> }>(
      `/${name}`,
      { onRequest: signedIn },
      async (req, reply) => {
        const { rows, sets } = await filteredPlans(store, req.query);
        const reportSets = rows.flatMap(({ stored: p }) => {
          const set = sets.get(p.setId);
          return set ? [toReportSet(set, p)] : [];
        });
        reply.header('content-disposition', `attachment; filename="${name}"`).type('text/csv; charset=utf-8');
        return write(reportSets);
      },
    );
  csvOf('plans.csv', plansCsv);
  csvOf('refunds.csv', refundsCsv);

  app.get<{ Params: { id: string } }>('/plans/:id', { onRequest: signedIn }, async (req, reply) => {
    const stored = await store.getPlan(req.params.id);
    if (!stored) return reply.code(404).type('text/plain').send(`no plan ${req.params.id}`);
    const set = await store.getSet(stored.setId);
    const outcomes = new Map((await store.itemOutcomes(stored.plan.planId)).map((o) => [o.itemId, o]));
    const username = req.session.user!.username;
    const awaiting = awaitedDecision(stored);
    // The buttons the decision authority would let this user press; the posts ask it again.
    const canDecide =
      awaiting !== null &&
      stored.supersededBy === null &&
      deciderRefusal(username, await store.getUser(username), stored, 'approve') === null;
    const first = set?.members[0];
    return page(req, reply, 'plan', {
      title: `Plan ${stored.plan.planId}`,
      planId: stored.plan.planId,
      setId: stored.setId,
      status: planStatusLabel(stored.status, awaiting),
      flags: stored.plan.flags,
      guestName: first?.guestName ?? '',
      stay: first ? `${first.checkIn} → ${first.checkOut}, ${first.roomTypeId}` : '',
      cause: set?.rootCause ?? '',
      confidence: set?.confidence.toFixed(2) ?? '',
      keep: stored.plan.keepReservationId,
      canDecide,
      canReject: awaiting === 'APPROVAL',
      approveLabel: awaiting === 'SECOND_APPROVAL' ? 'Give the second approval (finance)' : 'Approve',
      items: planItems(stored.plan, set?.members).map((i) => {
        const o = outcomes.get(i.itemId);
        return {
          text: i.text,
          outcome: o ? `${o.status}${o.httpStatus ? ` (HTTP ${o.httpStatus})` : ''}` : null,
          badge: o?.status === 'DONE' ? 'ok' : 'bad',
        };
      }),
      evidence: set?.evidence ?? [],
      members: (set?.members ?? []).map((m) => ({
        reservationId: m.reservationId,
        kept: m.reservationId === stored.plan.keepReservationId,
        guestName: m.guestName ?? '',
        createdAt: m.createdAt,
        status: m.status,
        payments: m.payments.map((p) => ({
          paymentId: p.paymentId,
          status: p.status,
          money: formatSourceMoney(p.amount, p.currency),
        })),
      })),
      audit: (await store.audit({ planId: stored.plan.planId, limit: 200 })).map((a) => ({
        at: a.at,
        actor: a.actor,
        action: a.action,
        detail: JSON.stringify(a.detail),
      })),
    });
  });

  const decide =
    (kind: 'approve' | 'reject') =>
    async (
      req: FastifyRequest<{ Params: { id: string }; Body: { reason?: string } }>,
      reply: FastifyReply,
    ) => {
      const user = req.session.user!;
      const planId = req.params.id;
      const reason = String(req.body?.reason ?? '').trim();
      if (kind === 'reject') {
        await rejectPlan(store, planId, { by: user.username, reason });
        req.session.notice = `Plan ${planId} rejected.`;
        return reply.redirect(`/plans/${encodeURIComponent(planId)}`);
      }
      await approvePlan(
        store,
        planId,
        { by: user.username, ...(reason ? { reason } : {}) },
        config.reconcile,
      );
      req.session.notice = `Plan ${planId} approved by ${user.username}.`;
      return reply.redirect(`/plans/${encodeURIComponent(planId)}`);
    };
  type Decide = { Params: { id: string }; Body: { reason?: string } };
  app.post<Decide>(
    '/plans/:id/approve',
    { onRequest: deciding, preHandler: app.csrfProtection },
    decide('approve'),
  );
  app.post<Decide>(
    '/plans/:id/reject',
    { onRequest: deciding, preHandler: app.csrfProtection },
    decide('reject'),
  );
  app.post<{ Body: { plan?: string | string[]; reason?: string } }>(
    '/plans/approve',
    { onRequest: deciding, preHandler: app.csrfProtection },
    async (req, reply) => {
      const ids = ([] as string[]).concat(req.body.plan ?? []);
      const user = req.session.user!;
      const refused: string[] = [];
      for (const id of ids) {
        try {
          await approvePlan(
            store,
            id,
            { by: user.username, reason: String(req.body.reason ?? ''), bulk: true },
            config.reconcile,
          );
        } catch (err) {
          if (!(err instanceof StateError || err instanceof PermissionError)) throw err;
          refused.push(id);
        }
      }
      req.session.notice = `${ids.length - refused.length} plan(s) approved${refused.length ? `; refused: ${refused.join(', ')}` : ''}.`;
      return reply.redirect('/plans');
    },
  );

  app.get('/audit', { onRequest: signedIn }, async (req, reply) =>
    page(req, reply, 'audit', {
      title: 'Audit log',
      rows: (await store.audit({ limit: 300 })).reverse().map((a) => ({
        at: a.at,
        actor: a.actor,
        action: a.action,
        planId: a.planId,
        detail: JSON.stringify(a.detail),
      })),
    }),
  );

  app.get('/runs', { onRequest: signedIn }, async (req, reply) =>
    page(req, reply, 'runs', { title: 'Runs', rows: (await store.listRuns(100)).map(runRow) }),
  );

  return app;
}

interface PlanRow {
  readonly stored: StoredPlan;
  /** The largest amount the plan still moves in one currency: compared within a currency, never across. */
  readonly stake: { readonly currency: string; readonly minor: bigint } | null;
  readonly row: Record<string, unknown>;
}

/** Money at stake first: by currency, then the largest amount; plans that move no money last. */
function byStake(a: PlanRow, b: PlanRow): number {
  if (!a.stake || !b.stake) return a.stake ? -1 : b.stake ? 1 : 0;
  if (a.stake.currency !== b.stake.currency) return a.stake.currency < b.stake.currency ? -1 : 1;
  return a.stake.minor === b.stake.minor ? 0 : a.stake.minor > b.stake.minor ? -1 : 1;
}

/** The plans a filter selects, money at stake first; the same list feeds the page and the CSV. */
async function filteredPlans(
  store: Store,
  q: Record<string, string>,
): Promise<{ rows: PlanRow[]; total: number; sets: ReadonlyMap<string, LabelledSet> }> {
  const second = q['status'] === SECOND_APPROVAL_FILTER;
  const status = second ? 'APPROVED' : q['status'] && isPlanStatus(q['status']) ? q['status'] : undefined;
  const listed = await store.withDoneItems(await store.listPlans(status ? { status } : {}));
  const plans = second ? listed.filter((p) => awaitedDecision(p) === 'SECOND_APPROVAL') : listed;
  const sets = await store.getSets([...new Set(plans.map((p) => p.setId))]);
  const currency = (q['currency'] ?? '').trim().toUpperCase();
  // At least this much at stake (in the currency filtered on, else in any one currency).
  const minText = (q['min'] ?? '').trim();
  const min = /^\d+(\.\d+)?$/.test(minText) ? toMinor(minText) : null;
  const rows: PlanRow[] = [];
  for (const stored of plans) {
    const set = sets.get(stored.setId);
    const flagged = stored.plan.flags.length > 0;
    if (q['flag'] === 'flagged' && !flagged) continue;
    if (q['flag'] === 'clean' && flagged) continue;
    if (q['cause'] && set?.rootCause !== q['cause']) continue;
    if (q['run'] && stored.createdRunId !== q['run']) continue;
    const money = planMoney(stored).atStake;
    const inCurrency = currency ? money.filter((m) => m.currency === currency) : money;
    if (currency && inCurrency.length === 0) continue;
    if (min !== null && !inCurrency.some((m) => toMinor(m.amount) >= min)) continue;
    const first = set?.members[0];
    rows.push({
      stored,
      stake: money
        .map((m) => ({ currency: m.currency, minor: toMinor(m.amount) }))
        .reduce<PlanRow['stake']>((best, m) => (!best || m.minor > best.minor ? m : best), null),
      row: {
        planId: stored.plan.planId,
        flagged,
        guestName: first?.guestName ?? '',
        stay: first ? `${first.checkIn} → ${first.checkOut}` : '',
        status: planStatusLabel(stored.status, awaitedDecision(stored)),
        cause: set?.rootCause ?? '',
        atStake: formatMoneyList(money),
      },
    });
  }
  rows.sort(byStake);
  return { rows, total: rows.length, sets };
}
