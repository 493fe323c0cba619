import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDeciders } from '../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { approvePlan, rejectPlan } from '../decisions/index.ts';
import { StateError } from '../errors/index.ts';
import { awaitedDecision, type LabelledSet } from '../model/index.ts';
import { planSet, retirementOf } from '../reconcile/index.ts';
import { CURRENT_PLAN_SQL, isCurrentPlan } from './current-plan.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';

/** The planner's retirement rule, which the store applies inside savePlans. */
const RETIRE = { retirementOf };

const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:24.900000Z';
const T2 = '2026-11-02T10:40:00.000000Z';

const BY_CAUSE = { NO_KEY: 1, TIMEOUT_RETRY: 0, RACE: 0, MISSING_DEDUP: 0, UNKNOWN: 0 };

function paidSet(copyStatus = 'CAPTURED'): LabelledSet {
  return makeSet([
    makeMember('a1', T0, [{ paymentId: 'pa1', status: 'CAPTURED' }]),
    makeMember('a2', T1, [{ paymentId: 'pa2', status: copyStatus }]),
  ]);
}

function unpaidFirstSet(): LabelledSet {
  return makeSet([
    makeMember('b1', T0, [{ paymentId: 'pb1', status: 'CAPTURED', amount: '300.00' }]),
    makeMember('b2', T1, []),
  ]);
}

const plansOf = (sets: readonly LabelledSet[]) =>
  sets.filter((s) => s.verdict === 'DUPLICATE').map((s) => planSet(s, OPTIONS));

interface Backend {
  readonly name: string;
  open(): Promise<Store>;
  /** Opens a second store on the same database. */
  reopen(): Promise<Store>;
  /** Runs one statement directly against the store's database, bypassing the store. */
  raw(statement: string): Promise<void>;
  teardown(): Promise<void>;
}

function sqliteBackend(): Backend {
  let home = '';
  return {
    name: 'embedded SQLite',
    async open() {
      home = mkdtempSync(join(tmpdir(), 'resrecon-store-'));
      return openStore({ stateUrl: null, home });
    },
    reopen: () => openStore({ stateUrl: null, home }),
    async raw(statement) {
      const db = new SQLite(join(home, 'state.sqlite'));
      try {
        db.prepare(statement).run();
      } finally {
        db.close();
      }
    },
    async teardown() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  let database: TestDatabase | null = null;
  return {
    name: 'PostgreSQL',
    async open() {
      database = await createTestDatabase('reconcile_store');
      return openStore({ stateUrl: database.url, home: '/nonexistent' });
    },
    reopen: () => openStore({ stateUrl: database!.url, home: '/nonexistent' }),
    async raw(statement) {
      const c = new pg.Client({ connectionString: database!.url });
      await c.connect();
      try {
        await c.query(`SET search_path = resrecon; ${statement}`);
      } finally {
        await c.end();
      }
    },
    async teardown() {
      await database?.drop();
    },
  };
}

describe.each([sqliteBackend(), postgresBackend()])('the state store on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
    await addDeciders(store, { ana: 'approver', bo: 'approver', fay: 'finance' });
  });
  afterAll(async () => {
    await store?.close();
    await backend.teardown();
  });

  let run = 0;
  let runId = '';
  beforeEach(() => {
    run += 1;
    runId = `run-${run}`;
  });

  it('proposes a plan per DUPLICATE set and records the run', async () => {
    await store.recordRunStart({
      runId,
      window: { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' },
    });
    const sets = [
      paidSet(),
      makeSet([makeMember('l1', T0), makeMember('l2', T1)], { verdict: 'LEGITIMATE', rootCause: null }),
    ];
    const saved = await store.savePlans(runId, sets, plansOf(sets), RETIRE);
    expect([...saved.keys()]).toEqual([sets[0]!.setId]);
    expect(saved.get(sets[0]!.setId)).toEqual(expect.objectContaining({ status: 'PROPOSED', isNew: true }));
    expect(await store.getSet(sets[1]!.setId)).toEqual(sets[1]);
    await store.recordRunFinish({
      runId,
      status: 'SUCCEEDED',
      counts: { reservationsScanned: 4, duplicateSets: 1, legitimateSets: 1, byRootCause: BY_CAUSE },
      timings: { total: 12 },
    });
    const [last] = await store.runHistory(5);
    expect(last).toEqual(expect.objectContaining({ runId, status: 'SUCCEEDED', timings: { total: 12 } }));
    expect(last!.counts!.byRootCause).toEqual(BY_CAUSE);
  });

  it('saves a night of more sets than one statement holds, every set, link, plan and item', async () => {
    const sets = Array.from({ length: 1_700 }, (_, i) =>
      makeSet([
        makeMember(`big-${i}-a`, T0, [{ paymentId: `big-${i}-pa`, status: 'CAPTURED' }]),
        makeMember(`big-${i}-b`, T1, [{ paymentId: `big-${i}-pb`, status: 'CAPTURED' }]),
      ]),
    );
    const plans = plansOf(sets);
    const saved = await store.savePlans(runId, sets, plans, RETIRE);
    expect(saved.size).toBe(1_700);
    expect(saved.newSetIds).toHaveLength(1_700);
    const back = await store.getSets(sets.map((x) => x.setId));
    expect(back.size).toBe(1_700);
    expect(back.get(sets[1_699]!.setId)).toEqual(sets[1_699]);
    const pending = new Set(await store.pendingReservationIds());
    expect(sets.every((x) => x.reservationIds.every((id) => pending.has(id)))).toBe(true);
    expect((await store.getPlan(plans[1_234]!.planId))?.plan).toEqual(plans[1_234]);
    const again = await store.savePlans(`${runId}-again`, sets, plans, RETIRE);
    expect([...again.values()].every((p) => !p.isNew)).toBe(true);
    // First seen in the earlier run, none of them is new in this one.
    expect(again.newSetIds).toEqual([]);
  });

  it('keeps the plan of a set seen again unchanged: no duplicate plan', async () => {
    const sets = [paidSet()];
    const before = await store.listPlans({ includeSuperseded: true });
    const saved = await store.savePlans(runId, sets, plansOf(sets), RETIRE);
    expect(saved.get(sets[0]!.setId)).toEqual(expect.objectContaining({ status: 'PROPOSED', isNew: false }));
    expect(await store.listPlans({ includeSuperseded: true })).toHaveLength(before.length);
  });

  it('supersedes the plan of a set that changed, and the audit shows it', async () => {
    const old = planSet(paidSet(), OPTIONS);
    const changed = [paidSet('REFUNDED')];
    const saved = await store.savePlans(runId, changed, plansOf(changed), RETIRE);
    const fresh = saved.get(changed[0]!.setId)!;
    expect(fresh.isNew).toBe(true);
    expect(fresh.supersededPlanId).toBe(old.planId);
    expect(fresh.plan.planId).not.toBe(old.planId);
    expect(await store.getPlan(old.planId)).toEqual(
      expect.objectContaining({ status: 'SUPERSEDED', supersededBy: fresh.plan.planId }),
    );
    const audit = await store.audit({ planId: old.planId });
    expect(audit.map((a) => a.action)).toContain('PLAN_SUPERSEDED');
    expect(await store.listPlans({ setId: changed[0]!.setId })).toHaveLength(1);
  });

  it('walks a plan through approval and execution, refusing the steps the lifecycle forbids', async () => {
    const sets = [paidSet('REFUNDED')];
    const [plan] = plansOf(sets);
    await expect(store.setPlanStatus(plan!.planId, 'EXECUTING', { actor: 'executor' })).rejects.toThrow(
      StateError,
    );
    const approved = await approvePlan(store, plan!.planId, { by: 'ana', reason: 'checked' }, OPTIONS);
    expect(approved.status).toBe('APPROVED');
    await expect(
      rejectPlan(store, plan!.planId, { by: 'bo', reason: 'late', category: 'other' }),
    ).rejects.toThrow(/APPROVED: it cannot become REJECTED/);
    await store.setPlanStatus(plan!.planId, 'EXECUTING', { actor: 'executor' });
    await store.setPlanStatus(plan!.planId, 'FAILED', { actor: 'executor', detail: { error: 'API down' } });
    await store.setPlanStatus(plan!.planId, 'EXECUTING', { actor: 'executor' });
    const done = await store.setPlanStatus(plan!.planId, 'EXECUTED', { actor: 'executor' });
    expect(done.status).toBe('EXECUTED');
    await expect(approvePlan(store, plan!.planId, { by: 'ana' }, OPTIONS)).rejects.toThrow(StateError);
    const actions = (await store.audit({ planId: plan!.planId })).map((a) => a.action);
    expect(actions.slice(-5)).toEqual([
      'PLAN_APPROVED',
      'PLAN_EXECUTING',
      'PLAN_FAILED',
      'PLAN_EXECUTING',
      'PLAN_EXECUTED',
    ]);
    expect((await store.decisions(plan!.planId)).map((d) => [d.decision, d.decidedBy, d.reason])).toEqual([
      ['APPROVED', 'ana', 'checked'],
    ]);
  });

  it('keeps an executed plan on record when its set changes, linked to the new plan', async () => {
    const executed = planSet(paidSet('REFUNDED'), OPTIONS);
    const changed = [makeSet([...paidSet('REFUNDED').members, makeMember('a3', T2)])];
    const saved = await store.savePlans(runId, changed, plansOf(changed), RETIRE);
    // A later copy keeps the set's id (its anchor is the first-created member).
    expect(changed[0]!.setId).toBe(executed.setId);
    const fresh = saved.get(changed[0]!.setId)!;
    expect(fresh.isNew).toBe(true);
    expect(await store.getPlan(executed.planId)).toEqual(
      expect.objectContaining({ status: 'EXECUTED', supersededBy: fresh.plan.planId }),
    );
  });

  it('rejects a proposed plan only with a reason', async () => {
    const sets = [makeSet([makeMember('c1', T0), makeMember('c2', T1)])];
    const [plan] = plansOf(sets);
    await store.savePlans(runId, sets, [plan!], RETIRE);
    await expect(
      rejectPlan(store, plan!.planId, { by: 'bo', reason: ' ', category: 'other' }),
    ).rejects.toThrow(/needs a reason/);
    expect(
      (
        await rejectPlan(store, plan!.planId, {
          by: 'bo',
          reason: 'group booking',
          category: 'not-a-duplicate',
        })
      ).status,
    ).toBe('REJECTED');
  });

  it('recomputes and approves the plan when the approver keeps another member, moving the payment', async () => {
    const sets = [unpaidFirstSet()];
    const [plan] = plansOf(sets);
    await store.savePlans(runId, sets, [plan!], RETIRE);
    expect(plan!.keepReservationId).toBe('b1');
    const chosen = await approvePlan(
      store,
      plan!.planId,
      { by: 'ana', reason: 'guest was told b2', keepReservationId: 'b2' },
      OPTIONS,
    );
    expect(chosen.status).toBe('APPROVED');
    expect(chosen.plan.keepReservationId).toBe('b2');
    expect(chosen.plan.transfers).toEqual([
      expect.objectContaining({
        paymentId: 'pb1',
        fromReservationId: 'b1',
        toReservationId: 'b2',
        amount: '300.00',
      }),
    ]);
    expect(chosen.plan.flags.map((f) => f.code)).toContain('KEEP_OVERRIDDEN');
    expect(await store.getPlan(plan!.planId)).toEqual(
      expect.objectContaining({ status: 'SUPERSEDED', supersededBy: chosen.plan.planId }),
    );
    expect((await store.decisions(chosen.plan.planId))[0]).toEqual(
      expect.objectContaining({
        planId: plan!.planId,
        keepReservationId: 'b2',
        resultingPlanId: chosen.plan.planId,
      }),
    );
    // The next night the unchanged set keeps the approver's plan.
    const again = await store.savePlans(`${runId}-next`, sets, plansOf(sets), RETIRE);
    expect(again.get(sets[0]!.setId)).toEqual(expect.objectContaining({ isNew: false, status: 'APPROVED' }));
    expect(again.get(sets[0]!.setId)!.plan.planId).toBe(chosen.plan.planId);
    await expect(
      approvePlan(store, plan!.planId, { by: 'ana', keepReservationId: 'zz' }, OPTIONS),
    ).rejects.toThrow(/superseded/);
  });

  it('refuses a flagged plan in a batch approval but approves it on its own', async () => {
    const sets = [makeSet([makeMember('d1', T0), makeMember('d2', T1)], { rootCause: 'UNKNOWN' })];
    const [plan] = plansOf(sets);
    await store.savePlans(runId, sets, [plan!], RETIRE);
    await expect(approvePlan(store, plan!.planId, { by: 'ana', bulk: true }, OPTIONS)).rejects.toThrow(
      /flagged \(UNKNOWN_CAUSE\)/,
    );
    expect((await approvePlan(store, plan!.planId, { by: 'ana' }, OPTIONS)).status).toBe('APPROVED');
  });

  it('retires an undecided plan when the rules now call the set LEGITIMATE, under its new set id', async () => {
    const dup = makeSet([makeMember('e1', T0), makeMember('e2', T1)]);
    const [plan] = plansOf([dup]);
    await store.savePlans(runId, [dup], [plan!], RETIRE);
    await approvePlan(store, plan!.planId, { by: 'ana' }, OPTIONS);
    const legit = makeSet(dup.members, { verdict: 'LEGITIMATE', rootCause: null });
    expect(legit.setId).not.toBe(dup.setId);
    await store.savePlans(`${runId}-next`, [legit], [], RETIRE);
    const old = (await store.getPlan(plan!.planId))!;
    expect(old).toEqual(expect.objectContaining({ status: 'SUPERSEDED', supersededBy: null }));
    expect(await store.listPlans({ status: 'APPROVED' })).not.toContainEqual(
      expect.objectContaining({ setId: dup.setId }),
    );
    const why = (await store.audit({ planId: plan!.planId })).find((a) => a.action === 'PLAN_SUPERSEDED');
    expect(JSON.stringify(why?.detail)).toMatch(/labelled LEGITIMATE/);
  });

  it('counts no approval from before a plan was retired and brought back: a revived large refund waits for two again', async () => {
    const key = {
      email: 'twice@example.com',
      checkIn: '2026-12-10',
      checkOut: '2026-12-13',
      roomTypeId: 'room-dbl',
    };
    const large = (status: 'CAPTURED' | 'REFUNDED') =>
      makeSet(
        [
          makeMember('rv1', T0, [{ paymentId: 'prv1', amount: '3120.00' }], { guestEmail: key.email }),
          makeMember('rv2', T1, [{ paymentId: 'prv2', amount: '3120.00', status }], {
            guestEmail: key.email,
          }),
        ],
        { key },
      );
    const first = await store.savePlans(runId, [large('CAPTURED')], plansOf([large('CAPTURED')]), RETIRE);
    const planId = first.get(large('CAPTURED').setId)!.plan.planId;
    expect((await store.getPlan(planId))!.plan.flags.map((f) => f.code)).toContain('LARGE_REFUND');
    await approvePlan(store, planId, { by: 'ana' }, OPTIONS);
    // Support refunded the copy meanwhile (the plan is retired), then the refund was reversed.
    await store.savePlans(`${runId}-b`, [large('REFUNDED')], plansOf([large('REFUNDED')]), RETIRE);
    expect((await store.getPlan(planId))!.status).toBe('SUPERSEDED');
    const back = await store.savePlans(
      `${runId}-c`,
      [large('CAPTURED')],
      plansOf([large('CAPTURED')]),
      RETIRE,
    );
    expect(back.get(large('CAPTURED').setId)).toEqual(expect.objectContaining({ status: 'PROPOSED' }));
    await approvePlan(store, planId, { by: 'bo' }, OPTIONS);
    expect(await store.approvers(planId)).toEqual(['bo']);
    expect(awaitedDecision((await store.getPlan(planId))!)).toBe('SECOND_APPROVAL');
    await approvePlan(store, planId, { by: 'fay' }, OPTIONS);
    expect(await store.approvers(planId)).toEqual(['bo', 'fay']);
    expect(awaitedDecision((await store.getPlan(planId))!)).toBeNull();
  });

  it('no longer lists as current a plan retired with no replacement, nor lets anyone decide it', async () => {
    const dup = makeSet([
      makeMember('nr1', T0, [{ paymentId: 'pnr1' }]),
      makeMember('nr2', T1, [{ paymentId: 'pnr2' }]),
    ]);
    const [plan] = plansOf([dup]);
    await store.savePlans(runId, [dup], [plan!], RETIRE);
    const legit = makeSet(dup.members, { verdict: 'LEGITIMATE', rootCause: null });
    await store.savePlans(`${runId}-next`, [legit], [], RETIRE);
    const retired = (await store.getPlan(plan!.planId))!;
    expect(retired).toEqual(expect.objectContaining({ status: 'SUPERSEDED', supersededBy: null }));
    expect(isCurrentPlan(retired)).toBe(false);
    const ids = (list: readonly { plan: { planId: string } }[]) => list.map((p) => p.plan.planId);
    expect(ids(await store.listPlans())).not.toContain(plan!.planId);
    expect(ids(await store.listPlans({ status: 'SUPERSEDED' }))).not.toContain(plan!.planId);
    expect(ids(await store.listPlans({ setId: dup.setId }))).toEqual([]);
    expect(ids(await store.listPlans({ includeSuperseded: true }))).toContain(plan!.planId);
    expect(await store.pendingReservationIds()).not.toContain('nr2');
    await expect(approvePlan(store, plan!.planId, { by: 'ana' }, OPTIONS)).rejects.toThrow(
      /retired with no replacement/,
    );
    // The set seen again as a duplicate gets a current plan again, which the unique index allows.
    const [again] = plansOf([dup]);
    await store.savePlans(`${runId}-again`, [dup], [again!], RETIRE);
    expect((await store.listPlans({ setId: dup.setId })).map((p) => p.status)).toEqual(['PROPOSED']);
  });

  it('retires the old plan when its reservations split into another set, pointing at the new plan', async () => {
    const before = makeSet([
      makeMember('s1', T0, [{ paymentId: 'ps1' }]),
      makeMember('s2', T1, [{ paymentId: 'ps2' }]),
      makeMember('s3', T2, [{ paymentId: 'ps3' }]),
    ]);
    const [old] = plansOf([before]);
    await store.savePlans(runId, [before], [old!], RETIRE);
    // s1 is now a room booked on purpose (another occupant); s2 and s3 are one booking and its copy.
    const copies = makeSet([before.members[1]!, before.members[2]!]);
    const rooms = makeSet([before.members[0]!, before.members[1]!], {
      verdict: 'LEGITIMATE',
      rootCause: null,
    });
    const sets = [copies, rooms];
    const saved = await store.savePlans(`${runId}-split`, sets, plansOf(sets), RETIRE);
    const fresh = saved.get(copies.setId)!;
    expect(await store.getPlan(old!.planId)).toEqual(
      expect.objectContaining({ status: 'SUPERSEDED', supersededBy: fresh.plan.planId }),
    );
    const current = await store.listPlans();
    expect(
      current.filter((p) => p.plan.cancel.some((c) => ['s1', 's2', 's3'].includes(c.reservationId))),
    ).toEqual([expect.objectContaining({ setId: copies.setId, status: 'PROPOSED' })]);
  });

  it('retires an undone plan whose copy the source now shows cancelled, and leaves executed plans alone', async () => {
    const set = makeSet([makeMember('cx1', T0), makeMember('cx2', T1)]);
    const [plan] = plansOf([set]);
    await store.savePlans(runId, [set], [plan!], RETIRE);
    expect(await store.pendingReservationIds()).toEqual(expect.arrayContaining(['cx1', 'cx2']));
    await store.savePlans(`${runId}-later`, [], [], {
      retirementOf,
      inactive: new Map([['cx2', 'CANCELLED']]),
    });
    expect((await store.getPlan(plan!.planId))!.status).toBe('SUPERSEDED');
    expect(await store.pendingReservationIds()).not.toContain('cx2');

    const done = makeSet([makeMember('ex1', T0), makeMember('ex2', T1)]);
    const [executed] = plansOf([done]);
    await store.savePlans(runId, [done], [executed!], RETIRE);
    await approvePlan(store, executed!.planId, { by: 'ana' }, OPTIONS);
    await store.setPlanStatus(executed!.planId, 'EXECUTING', { actor: 'executor' });
    await store.setPlanStatus(executed!.planId, 'EXECUTED', { actor: 'executor' });
    await store.savePlans(`${runId}-after`, [], [], {
      retirementOf,
      inactive: new Map([['ex2', 'CANCELLED']]),
    });
    expect(await store.getPlan(executed!.planId)).toEqual(
      expect.objectContaining({ status: 'EXECUTED', supersededBy: null }),
    );
  });

  it('keeps a set\u2019s doubt, so a plan recomputed on approval with another keep is still flagged DOUBT', async () => {
    const doubted = makeSet(
      [makeMember('dd1', T0, [{ paymentId: 'pdd1' }]), makeMember('dd2', T1, [{ paymentId: 'pdd2' }])],
      { doubt: 'one checkout, one charge per room, no keys' },
    );
    const [plan] = plansOf([doubted]);
    await store.savePlans(runId, [doubted], [plan!], RETIRE);
    expect((await store.getSet(doubted.setId))!.doubt).toBe('one checkout, one charge per room, no keys');
    const approved = await approvePlan(store, plan!.planId, { by: 'ana', keepReservationId: 'dd2' }, OPTIONS);
    expect(approved.plan.flags.map((f) => f.code)).toContain('DOUBT');
  });

  it('lists finished runs newest first, as many as asked', async () => {
    for (const [i, at] of ['2001-11-03T03:00:00Z', '2001-11-04T03:00:00Z'].entries()) {
      const id = `${runId}-${i}`;
      await store.recordRunStart({ runId: id, window: { from: at, to: at } });
      await store.recordRunFinish({ runId: id, status: 'SUCCEEDED', finishedAt: at });
    }
    await store.recordRunStart({ runId: `${runId}-open`, window: { from: T0, to: T0 } });
    const all = (await store.runHistory(1000)).map((r) => r.runId);
    expect(all.filter((id) => id.startsWith(`${runId}-`))).toEqual([`${runId}-1`, `${runId}-0`]);
    expect(all.slice(-2)).toEqual([`${runId}-1`, `${runId}-0`]);
    expect(await store.runHistory(1)).toHaveLength(1);
    await expect(store.recordRunFinish({ runId: `${runId}-1`, status: 'FAILED' })).rejects.toThrow(
      StateError,
    );
  });

  it('reports what changed since the previous night that succeeded, passing over watch passes and failed runs', async () => {
    const prev = `${runId}-prev`;
    await store.recordRunStart({ runId: prev, window: { from: T0, to: T1 } });
    const first = makeSet([
      makeMember('f1', T0, [{ paymentId: 'pf1' }]),
      makeMember('f2', T1, [{ paymentId: 'pf2' }]),
    ]);
    const saved = await store.savePlans(prev, [first], plansOf([first]), RETIRE);
    const firstPlan = saved.get(first.setId)!.plan;
    await store.recordRunFinish({ runId: prev, status: 'SUCCEEDED' });
    const other = makeSet([makeMember('h1', T0), makeMember('h2', T1)]);
    const [otherPlan] = plansOf([other]);
    await store.recordRunStart({ runId, window: { from: T1, to: T2 } });
    await approvePlan(store, firstPlan.planId, { by: 'ana' }, OPTIONS);
    await store.setPlanStatus(firstPlan.planId, 'EXECUTING', { actor: 'executor' });
    await store.setPlanStatus(firstPlan.planId, 'EXECUTED', { actor: 'executor' });
    // Neither a watch pass nor a run that failed (or died) reported to finance in between.
    for (const [id, kind, status] of [
      [`${runId}-watch`, 'watch', 'SUCCEEDED'],
      [`${runId}-died`, 'nightly', 'FAILED'],
    ] as const) {
      await store.recordRunStart({ runId: id, kind, window: { from: T1, to: T2 } });
      await store.recordRunFinish({ runId: id, status });
    }
    const changedOther = makeSet([makeMember('h1', T0), makeMember('h2', T1, [{ status: 'AUTHORIZED' }])]);
    await store.savePlans(runId, [other], [otherPlan!], RETIRE);
    // Saved twice in one run, the set is still first seen in it.
    const again = await store.savePlans(runId, [changedOther], plansOf([changedOther]), RETIRE);
    const changes = await store.reportChanges(runId, again.newSetIds);
    expect(changes.previousRunId).toBe(prev);
    expect(changes.newSetIds).toEqual([other.setId]);
    expect(changes.superseded).toEqual([
      expect.objectContaining({ planId: otherPlan!.planId, setId: other.setId }),
    ]);
    expect(changes.executed).toEqual([
      expect.objectContaining({
        planId: firstPlan.planId,
        refunded: [{ currency: 'EUR', amount: '240.00', count: 1 }],
      }),
    ]);
    await store.recordRunFinish({ runId, status: 'SUCCEEDED' });
  });

  it('refuses a run that lists the same set twice, storing nothing of it', async () => {
    const twice = makeSet([makeMember('t1', T0), makeMember('t2', T1)]);
    await expect(store.savePlans(runId, [twice, twice], plansOf([twice]), RETIRE)).rejects.toThrow(
      /appears twice/,
    );
    expect(await store.getSet(twice.setId)).toBeNull();
  });

  it('reads the audit log a page at a time: the entries older than a given one, newest of them last', async () => {
    // Four entries of its own, so the log holds at least a page and a half of three.
    for (const n of ['page-a', 'page-b', 'page-c', 'page-d']) await store.addUser(n, null, 'viewer');
    const newest = await store.audit({ limit: 3 });
    expect(newest.length).toBe(3);
    const older = await store.audit({ limit: 3, before: newest[0]!.seq });
    const all = await store.audit({ limit: 100_000 });
    const at = all.findIndex((a) => a.seq === newest[0]!.seq);
    expect(at).toBeGreaterThanOrEqual(3);
    expect(older).toEqual(all.slice(at - 3, at));
  });

  it('refuses to change or delete audit entries, even bypassing the store', async () => {
    expect((await store.audit()).length).toBeGreaterThan(0);
    await expect(backend.raw(`UPDATE audit SET actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(backend.raw('DELETE FROM audit')).rejects.toThrow(/append-only/);
  });

  it("keeps clients' nights, a later run replacing whole any stored night its spans overlap", async () => {
    const night = (from: string, to: string, clientId: string, copies: number) => ({
      from,
      to,
      clientId,
      bookings: 100,
      copies,
      byCause: { NO_KEY: copies },
      atStake: [{ currency: 'EUR', amount: '120.00', count: 1 }],
      exampleSetIds: ['s1'],
    });
    const d1 = night('2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z', 'ios-app@3.4.0', 2);
    const d2 = night('2026-10-02T00:00:00Z', '2026-10-03T00:00:00Z', 'ios-app@3.4.0', 3);
    const d2web = night('2026-10-02T00:00:00Z', '2026-10-03T00:00:00Z', 'web', 1);
    await store.recordClientNights(runId, [d1, d2], [d1, d2, d2web]);
    expect(await store.clientNights('2026-10-01T00:00:00Z', '2026-10-03T00:00:00Z')).toEqual([d1, d2, d2web]);
    // A nightly window from 02:00 overlaps the second day: the day goes, the first stays.
    const n = night('2026-10-02T02:00:00Z', '2026-10-03T02:00:00Z', 'ios-app@3.4.0', 9);
    await store.recordClientNights(`${runId}-again`, [n], [n]);
    expect(await store.clientNights('2026-09-01T00:00:00Z', '2026-11-01T00:00:00Z')).toEqual([d1, n]);
    expect(await store.clientNights('2026-10-01T12:00:00Z', '2026-11-01T00:00:00Z')).toEqual([n]);
  });

  it('opens again on the same database, migrated once, seeing the same plans', async () => {
    const again = await backend.reopen();
    try {
      expect(await again.listPlans({ includeSuperseded: true })).toEqual(
        await store.listPlans({ includeSuperseded: true }),
      );
    } finally {
      await again.close();
    }
  });
});

describe('the current-plan predicate', () => {
  it('is the very predicate of the unique index that allows one current plan per set', async () => {
    const home = mkdtempSync(join(tmpdir(), 'resrecon-current-'));
    try {
      await (await openStore({ stateUrl: null, home })).close();
      const db = new SQLite(join(home, 'state.sqlite'), { readonly: true });
      try {
        const row = db
          .prepare("select sql from sqlite_master where type = 'index' and name = 'plans_current_per_set'")
          .get() as { sql: string };
        expect(row.sql).toContain(`where ${CURRENT_PLAN_SQL}`);
      } finally {
        db.close();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
