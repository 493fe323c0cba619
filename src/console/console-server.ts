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
 * - A refused request (no sign-in, a role that may not, a decision the authority refuses, a
 *   form without its token, an unknown plan) answers a page in the console's layout saying why,
 *   with a link back: never a bare line of text.
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ResolvedConfig } from '../config/index.ts';
import { approvePlan, deciderRefusal, mayDecide, rejectPlan, reviewRule } from '../decisions/index.ts';
import { PermissionError, StateError } from '../errors/index.ts';
import { rulePrecision } from '../feedback/index.ts';
import {
  AWAITING_SECOND_APPROVAL_LABEL,
  awaitedDecision,
  causeLabel,
  FLAG_CODES,
  flagWords,
  formatSourceMoney,
  formatTimestamp,
  isRejectionCategory,
  PLAN_STATUSES,
  planStatusLabel,
  precisionKeyLabel,
  precisionText,
  REJECTION_CATEGORIES,
  ROOT_CAUSES,
  reasonsText,
} from '../model/index.ts';
import { planItems, plansCsv, refundsCsv, reservationName, runRow, toReportSet } from '../reports/index.ts';
import type { Role, Store } from '../state/index.ts';
import { auditRow } from './audit-rows.ts';
import { consoleViews } from './console-views.ts';
import { filteredPlans, SECOND_APPROVAL_FILTER, SORTS, sortOf } from './filtered-plans.ts';
import { setPlans } from './set-plans.ts';

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
const AUDIT_PAGE = 50;
/** The plan list's query keys: what a bulk approval brings the list back with. */
const LIST_KEYS = ['status', 'cause', 'flag', 'currency', 'min', 'run', 'set', 'sort', 'page'] as const;

/** Where a refusal's "back" link leads: the plan a decision was about, else the plan list. */
function backFrom(url: string): { href: string; label: string } {
  const plan = /^\/plans\/([^/?]+)\/(approve|reject)/.exec(url);
  if (plan && plan[1] !== 'approve')
    return { href: `/plans/${plan[1]}`, label: `Back to plan ${decodeURIComponent(plan[1]!)}` };
  return { href: '/plans', label: 'Back to the plans' };
}

/** The plan list's filters, sort and page from a query string, and nothing else. */
function listQuery(q: Record<string, unknown>): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of LIST_KEYS) {
    const v = q[k];
    if (typeof v === 'string' && v !== '') out.set(k, v);
  }
  return out;
}

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
  /** A refusal as a page: the status, why in the alert, and where to go from here. */
  const refuse = (
    req: FastifyRequest,
    reply: FastifyReply,
    code: number,
    title: string,
    why: string,
    back: { href: string; label: string } = backFrom(req.url),
  ) => {
    reply.code(code);
    return page(req, reply, 'error', {
      title,
      why,
      back,
      signIn: code === 401 ? `/login?next=${encodeURIComponent(back.href)}` : null,
    });
  };

  // Behind a single-sign-on proxy the proxy says who signed in; the role still comes from here.
  const trusted = config.console.trustedHeader?.toLowerCase() ?? null;
  if (trusted) {
    app.addHook('onRequest', async (req, reply) => {
      const name = req.headers[trusted];
      if (typeof name !== 'string' || name === '') return;
      if (req.session.user?.username === name) return;
      const user = await store.getUser(name);
      if (!user) {
        return reply.send(
          await refuse(
            req,
            reply,
            403,
            'No role here',
            `${name} is signed in but has no role here: resrecon users add ${name} --role viewer|approver|finance`,
          ),
        );
      }
      req.session.user = { username: user.username, role: user.role };
    });
  }

  const signedIn = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.session.user) {
      if (req.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`);
      return reply.send(
        await refuse(req, reply, 401, 'Sign in first', 'Sign in first: nothing was changed.'),
      );
    }
  };
  const deciding = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = req.session.user;
    if (!user)
      return reply.send(
        await refuse(req, reply, 401, 'Sign in first', 'Sign in first: nothing was changed.'),
      );
    if (!mayDecide(user.role))
      return reply.send(
        await refuse(
          req,
          reply,
          403,
          'Not allowed',
          `${user.username} has the ${user.role} role, which may not decide plans: that needs the approver or finance role.`,
        ),
      );
  };

  app.setErrorHandler(async (error, req, reply) => {
    const err = error instanceof Error ? error : new Error(String(error));
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 403 && /csrf/i.test(err.message))
      return refuse(
        req,
        reply,
        403,
        'Not done',
        'The form was missing its security token or it had expired: nothing was changed. Open the page again and resend it.',
      );
    if (err instanceof PermissionError) return refuse(req, reply, 403, 'Not allowed', err.message);
    if (err instanceof StateError) return refuse(req, reply, 409, 'Not done', err.message);
    if (status >= 500)
      return refuse(
        req,
        reply,
        status,
        'Something went wrong',
        'Internal error: nothing more is known here; see the server log.',
      );
    return refuse(req, reply, status, 'Not done', err.message);
  });
  app.setNotFoundHandler(async (req, reply) =>
    refuse(req, reply, 404, 'Not found', `There is no page ${req.url.split('?')[0]} here.`),
  );

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
    const { rows, total, currencies } = await filteredPlans(store, q);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    // A page past the end (the list shrank, e.g. after a bulk approval) shows the last one.
    const pageNo = Math.min(pages, Math.max(1, Number(q['page'] ?? 1) || 1));
    const shown = rows.slice((pageNo - 1) * PAGE, pageNo * PAGE);
    const filters = listQuery(q);
    const params = (p: number) => {
      const out = new URLSearchParams(filters);
      out.set('page', String(p));
      return out.toString();
    };
    const currency = (q['currency'] ?? '').trim().toUpperCase();
    const flag = q['flag'] ?? '';
    const sort = sortOf(q);
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
      causes: ROOT_CAUSES.map((c) => ({ value: c, label: causeLabel(c), selected: q['cause'] === c })),
      flags: [
        { value: 'flagged', label: 'any flag', selected: flag === 'flagged' },
        { value: 'clean', label: 'not flagged', selected: flag === 'clean' },
        ...FLAG_CODES.map((c) => ({ value: c, label: flagWords(c), selected: flag === c })),
      ],
      currencies: [...new Set([...currencies, ...(currency ? [currency] : [])])]
        .sort()
        .map((c) => ({ value: c, selected: c === currency })),
      sorts: Object.entries(SORTS).map(([value, label]) => ({ value, label, selected: value === sort })),
      byStake: sort === 'stake',
      oneCurrency: currency !== '',
      order: SORTS[sort],
      min: q['min'] ?? '',
      run: q['run'] ?? '',
      query: filters.toString(),
      back: params(pageNo),
      total,
      rows: shown.map((r) => r.row),
      bulkable: shown
        .filter((r) => awaitedDecision(r.stored) === 'APPROVAL' && r.stored.plan.bulkApprovable)
        .map((r) => r.stored.plan.planId),
      canBulk: mayDecide(req.session.user!.role),
      pageNo,
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

  // A set's page, as the engineering report links its example sets: a set outlives its plans, so
  // it opens the set's current plan, or its latest one when none is current any more.
  app.get<{ Params: { id: string } }>('/sets/:id', { onRequest: signedIn }, async (req, reply) => {
    const setId = req.params.id;
    const [latest] = await setPlans(store, setId);
    if (!latest)
      return refuse(req, reply, 404, 'No such set', `There is no plan for set ${setId}.`, {
        href: '/plans',
        label: 'Back to the plans',
      });
    return reply.redirect(`/plans/${encodeURIComponent(latest.plan.planId)}`);
  });

  app.get<{ Params: { id: string } }>('/plans/:id', { onRequest: signedIn }, async (req, reply) => {
    const stored = await store.getPlan(req.params.id);
    if (!stored)
      return refuse(req, reply, 404, 'No such plan', `There is no plan ${req.params.id}.`, {
        href: '/plans',
        label: 'Back to the plans',
      });
    const set = await store.getSet(stored.setId);
    const members = set?.members ?? [];
    const name = reservationName(members);
    const outcomes = new Map((await store.itemOutcomes(stored.plan.planId)).map((o) => [o.itemId, o]));
    const username = req.session.user!.username;
    const awaiting = awaitedDecision(stored);
    // The buttons the decision authority would let this user press; the posts ask it again.
    const canDecide =
      awaiting !== null &&
      stored.supersededBy === null &&
      deciderRefusal(username, await store.getUser(username), stored, 'approve') === null;
    const first = members[0];
    return page(req, reply, 'plan', {
      title: `Plan ${stored.plan.planId}`,
      planId: stored.plan.planId,
      setId: stored.setId,
      status: planStatusLabel(stored.status, awaiting),
      flags: stored.plan.flags.map((f) => ({ words: flagWords(f.code), detail: f.detail })),
      guestName: first?.guestName ?? '',
      stay: first ? `${first.checkIn} → ${first.checkOut}, ${first.roomTypeId}` : '',
      cause: set?.rootCause ? causeLabel(set.rootCause) : '',
      confidence: set?.confidence.toFixed(2) ?? '',
      keep: name(stored.plan.keepReservationId),
      canDecide,
      canReject: awaiting === 'APPROVAL',
      categories: REJECTION_CATEGORIES,
      approveLabel: awaiting === 'SECOND_APPROVAL' ? 'Give the second approval (finance)' : 'Approve',
      items: planItems(stored.plan, members).map((i) => {
        const o = outcomes.get(i.itemId);
        return {
          text: i.text,
          outcome: o ? `${o.status}${o.httpStatus ? ` (HTTP ${o.httpStatus})` : ''}` : null,
          badge: o?.status === 'DONE' ? 'ok' : 'bad',
        };
      }),
      evidence: set?.evidence ?? [],
      members: members.map((m) => ({
        reservationId: m.reservationId,
        confirmationNumber: m.confirmationNumber,
        kept: m.reservationId === stored.plan.keepReservationId,
        guestName: m.guestName ?? '',
        createdAt: formatTimestamp(m.createdAt, true),
        status: m.status,
        payments: m.payments.map((p) => ({
          paymentId: p.paymentId,
          status: p.status,
          money: formatSourceMoney(p.amount, p.currency),
        })),
      })),
      audit: (await store.audit({ planId: stored.plan.planId, limit: 200 })).map(auditRow),
    });
  });

  const decide =
    (kind: 'approve' | 'reject') =>
    async (
      req: FastifyRequest<{ Params: { id: string }; Body: { reason?: string; category?: string } }>,
      reply: FastifyReply,
    ) => {
      const user = req.session.user!;
      const planId = req.params.id;
      if (!(await store.getPlan(planId)))
        return refuse(req, reply, 404, 'No such plan', `There is no plan ${planId}.`, {
          href: '/plans',
          label: 'Back to the plans',
        });
      const reason = String(req.body?.reason ?? '').trim();
      if (kind === 'reject') {
        const category = String(req.body?.category ?? '');
        if (!isRejectionCategory(category))
          return refuse(
            req,
            reply,
            400,
            'Not done',
            `Choose why the plan is wrong (${REJECTION_CATEGORIES.map((c) => c.label).join('; ')}): nothing was changed.`,
          );
        await rejectPlan(store, planId, { by: user.username, reason, category });
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
  type Decide = { Params: { id: string }; Body: { reason?: string; category?: string } };
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
  app.post<{ Body: { plan?: string | string[]; reason?: string; back?: string } }>(
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
      // Back to the list as it was: the same filters, order and page (only the list's own keys,
      // and only ever to /plans).
      const back = listQuery(Object.fromEntries(new URLSearchParams(String(req.body.back ?? ''))));
      return reply.redirect(back.size ? `/plans?${back}` : '/plans');
    },
  );

  app.get<{ Querystring: { before?: string } }>('/audit', { onRequest: signedIn }, async (req, reply) => {
    const before = Number(req.query.before);
    const entries = await store.audit({
      limit: AUDIT_PAGE + 1,
      ...(Number.isInteger(before) && before > 0 ? { before } : {}),
    });
    const older = entries.length > AUDIT_PAGE;
    const rows = entries
      .slice(older ? 1 : 0)
      .reverse()
      .map(auditRow);
    return page(req, reply, 'audit', {
      title: 'Audit log',
      rows,
      first: !(Number.isInteger(before) && before > 0),
      older: older ? `before=${rows.at(-1)!.seq}` : null,
    });
  });

  // How well each rule is doing, as of now, and "I've looked at this rule" (the ops banner's end).
  app.get('/rules', { onRequest: signedIn }, async (req, reply) => {
    const p = await rulePrecision(store, new Date().toISOString(), config.precision);
    const under = new Map(p.underPrecision.map((u) => [u.ruleId, u]));
    const row = (r: (typeof p.byRule)[number]) => ({
      key: r.key,
      label: precisionKeyLabel(r.key),
      decided: r.decided,
      approvedAsProposed: r.approvedAsProposed,
      precision: precisionText(r),
      reasons: reasonsText(r),
    });
    const [doubted] = p.doubted;
    return page(req, reply, 'rules', {
      title: 'Rules',
      period: `${formatTimestamp(p.period.from)} – ${formatTimestamp(p.period.to)}`,
      settings: p.settings,
      rules: p.byRule.map((r) => {
        const u = under.get(r.key);
        return {
          ...row(r),
          under: Boolean(u),
          awaitingReview: u?.awaitingReview ?? false,
          reviewed: u?.reviewedAt ? `looked at by ${u.reviewedBy}, ${formatTimestamp(u.reviewedAt)}` : null,
        };
      }),
      causes: p.byCause.map(row),
      doubted: doubted && doubted.resolved > 0 ? doubted : null,
      canReview: mayDecide(req.session.user!.role),
    });
  });
  app.post<{ Params: { id: string }; Body: { note?: string } }>(
    '/rules/:id/reviewed',
    { onRequest: deciding, preHandler: app.csrfProtection },
    async (req, reply) => {
      const user = req.session.user!;
      const note = String(req.body?.note ?? '').trim();
      await reviewRule(store, { ruleId: req.params.id, by: user.username, ...(note ? { note } : {}) });
      req.session.notice = `Rule ${req.params.id} marked as looked at by ${user.username}.`;
      return reply.redirect('/rules');
    },
  );

  app.get('/runs', { onRequest: signedIn }, async (req, reply) =>
    page(req, reply, 'runs', { title: 'Runs', rows: (await store.listRuns(100)).map(runRow) }),
  );

  return app;
}
