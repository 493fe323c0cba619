/**
 * The execute stage: carries out APPROVED plans through the booking API, exactly once, then
 * validates them against the booking database, as the runbook's last step does.
 *
 * - Before the first call, the plan is checked against the booking database; one that no longer
 *   holds becomes STALE, with the reason, and nothing of it runs.
 * - Each item's call carries the item's id as its Idempotency-Key, and its outcome is recorded in
 *   the state store before the next call. A crash, a timeout or an unknown answer leaves the plan
 *   EXECUTING; the next `execute` resumes it, skipping what is recorded done and asking again,
 *   under the same key, for what is not. Nothing is ever sent twice without the same key.
 * - A refusal (a 4xx other than 409) stops that plan as FAILED, the response recorded, for a
 *   person; naming a FAILED plan on the command line tries it again.
 * - A plan still awaiting a decision waits (the decision authority's `approvalGap`): one with a
 *   refund past the configured limit (flag LARGE_REFUND) runs only after the second approval, by
 *   another person with the finance role.
 * - Runs under the state store's run lock: a nightly run never replans a set mid-execution.
 */
import { DEFAULT_ENDPOINTS, type ResolvedConfig } from '../config/index.ts';
import { approvalGap } from '../decisions/index.ts';
import { ConfigError, StateError } from '../errors/index.ts';
import type { PlanStatus } from '../model/index.ts';
import { openStore, type RunLock, type Store, type StoredPlan, takeRunLock } from '../state/index.ts';
import { type ApiCall, callsOf } from './api-calls.ts';
import { type ApiOptions, callApi } from './booking-api.ts';
import { staleReason, validationProblems } from './check-plan.ts';
import { type SourceReader, sourceReader } from './source-state.ts';

export interface ExecuteOptions {
  readonly config: ResolvedConfig;
  /** Plans to carry out; default every APPROVED plan and every EXECUTING one left by a crash. */
  readonly planIds?: readonly string[];
  /** Print the calls, change nothing. */
  readonly dryRun?: boolean;
  /** Retry pacing of the API calls (tests make it fast). */
  readonly retry?: Pick<ApiOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;
  readonly log?: (line: string) => void;
}

export type ExecutionOutcome =
  | 'EXECUTED'
  | 'FAILED'
  | 'STALE'
  | 'PENDING'
  | 'WAITING'
  | 'SKIPPED'
  | 'DRY_RUN';

export interface PlanExecution {
  readonly planId: string;
  readonly outcome: ExecutionOutcome;
  readonly detail: string;
  /** The calls the plan makes (the ones still to make, on a resume); for --dry-run. */
  readonly calls: readonly ApiCall[];
}

const ACTOR = 'resrecon-executor';
const RUNNABLE: readonly PlanStatus[] = ['APPROVED', 'EXECUTING'];

async function plansToRun(store: Store, planIds: readonly string[] | undefined): Promise<StoredPlan[]> {
  if (!planIds || planIds.length === 0) {
    const lists = await Promise.all(RUNNABLE.map((status) => store.listPlans({ status })));
    return lists.flat().sort((a, b) => (a.plan.planId < b.plan.planId ? -1 : 1));
  }
  const out: StoredPlan[] = [];
  for (const id of planIds) {
    const p = await store.getPlan(id);
    if (!p) throw new StateError(`no plan ${id} in the state store`);
    out.push(p);
  }
  return out;
}

export async function executePlans(options: ExecuteOptions): Promise<PlanExecution[]> {
  const { config } = options;
  const log = options.log ?? (() => undefined);
  if (config.source.kind !== 'postgres') {
    throw new ConfigError(
      'execute checks each plan against the booking database first: set RESRECON_SOURCE_URL',
      'RESRECON_SOURCE_URL',
    );
  }
  const api = config.bookingApi;
  if (!api && !options.dryRun) {
    throw new ConfigError(
      'no booking API is configured: set RESRECON_BOOKING_API_URL',
      'RESRECON_BOOKING_API_URL',
    );
  }
  const endpoints = api?.endpoints ?? DEFAULT_ENDPOINTS;
  const store = await openStore({ stateUrl: config.stateUrl, home: config.localDir, source: config.source });
  let lock: RunLock | null = null;
  let source: SourceReader | null = null;
  try {
    if (!options.dryRun) lock = await takeRunLock(store, 'execution');
    source = await sourceReader(config.source);
    const results: PlanExecution[] = [];
    for (const stored of await plansToRun(store, options.planIds)) {
      const result = await executeOne(stored, {
        store,
        source,
        calls: callsOf(stored.plan, endpoints),
        dryRun: options.dryRun ?? false,
        api: api ? { url: api.url, token: api.token, timeoutMs: api.timeoutMs, ...options.retry } : null,
        named: Boolean(options.planIds?.length),
        lock,
      });
      log(`${result.planId}: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}`);
      results.push(result);
    }
    return results;
  } finally {
    await source?.close().catch(() => undefined);
    await lock?.release().catch(() => undefined);
    await store.close();
  }
}

interface Context {
  readonly store: Store;
  readonly source: SourceReader;
  readonly calls: readonly ApiCall[];
  readonly dryRun: boolean;
  readonly api: ApiOptions | null;
  /** The plan was named on the command line: a FAILED one is tried again. */
  readonly named: boolean;
  /** Null on a dry run. Once lost, another executor may be at work: no further call is made. */
  readonly lock: RunLock | null;
}

/** The plan waits, resumable, when the run lock is no longer ours. */
async function lockLost(ctx: Context, before: string): Promise<string | null> {
  const lost = (await ctx.lock?.verify()) ?? null;
  return lost ? `${lost}; stopped before ${before}: run execute again to resume` : null;
}

async function executeOne(stored: StoredPlan, ctx: Context): Promise<PlanExecution> {
  const { plan, status } = stored;
  const planId = plan.planId;
  const done = (
    outcome: ExecutionOutcome,
    detail: string,
    calls: readonly ApiCall[] = [],
  ): PlanExecution => ({
    planId,
    outcome,
    detail,
    calls,
  });
  const retrying = status === 'FAILED' && ctx.named;
  if (!RUNNABLE.includes(status) && !retrying) return done('SKIPPED', `the plan is ${status}, not APPROVED`);
  const gap = await approvalGap(ctx.store, stored);
  if (gap) return done('WAITING', gap);

  const unlocked = await lockLost(ctx, 'this plan');
  if (unlocked) return done('PENDING', unlocked);
  const recorded = new Map((await ctx.store.itemOutcomes(planId)).map((o) => [o.itemId, o]));
  const todo = ctx.calls.filter((c) => recorded.get(c.itemId)?.status !== 'DONE');
  // Only a plan not yet started is checked: once its first call is made, the booking database
  // shows the plan's own effects.
  if (status === 'APPROVED') {
    const stale = staleReason(plan, await ctx.source.read(plan));
    if (stale) {
      if (!ctx.dryRun)
        await ctx.store.setPlanStatus(planId, 'STALE', { actor: ACTOR, detail: { reason: stale } });
      return done(ctx.dryRun ? 'DRY_RUN' : 'STALE', stale);
    }
  }
  if (ctx.dryRun) return done('DRY_RUN', `${todo.length} call(s)`, todo);
  if (status !== 'EXECUTING') {
    await ctx.store.setPlanStatus(planId, 'EXECUTING', {
      actor: ACTOR,
      detail: { calls: todo.length, ...(retrying ? { retry: true } : {}) },
    });
  }
  for (const call of todo) {
    const unlockedNow = await lockLost(ctx, `${call.action} ${call.itemId}`);
    if (unlockedNow) return done('PENDING', unlockedNow);
    const answer = await callApi(ctx.api!, call);
    const base = { itemId: call.itemId, planId, kind: call.action, method: call.method, path: call.path };
    if (answer.outcome === 'unknown') {
      // No outcome to record, only the attempts: the next execute asks again under the same key.
      await ctx.store.recordItemOutcome({
        ...base,
        status: 'PENDING',
        httpStatus: null,
        response: answer.why,
        attempts: answer.attempts,
        trail: answer.trail,
      });
      return done('PENDING', `${call.action} ${call.itemId}: ${answer.why}; run execute again to resume`);
    }
    await ctx.store.recordItemOutcome({
      ...base,
      status: answer.outcome === 'done' ? 'DONE' : 'FAILED',
      httpStatus: answer.status,
      response: answer.body.slice(0, 4_000),
      attempts: answer.attempts,
      trail: answer.trail,
    });
    if (answer.outcome === 'refused') {
      const why = `${call.action} ${call.itemId} refused with HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
      await ctx.store.setPlanStatus(planId, 'FAILED', { actor: ACTOR, detail: { reason: why } });
      return done('FAILED', why);
    }
  }
  const problems = validationProblems(plan, await ctx.source.read(plan));
  if (problems.length > 0) {
    const why = `validation: ${problems.join('; ')}`;
    await ctx.store.setPlanStatus(planId, 'FAILED', { actor: ACTOR, detail: { validation: problems } });
    return done('FAILED', why);
  }
  await ctx.store.setPlanStatus(planId, 'EXECUTED', {
    actor: ACTOR,
    detail: { validation: 'one active booking left; every refund, void and transfer shows on its payment' },
  });
  return done('EXECUTED', `${ctx.calls.length} call(s), validated`);
}
