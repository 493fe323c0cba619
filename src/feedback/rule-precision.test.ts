/**
 * Measured precision on decisions made through the real decision path and stored in the real
 * state store (the embedded SQLite file and PostgreSQL), then read back by the one function every
 * report and command uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDeciders } from '../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { approvePlan, rejectPlan } from '../decisions/index.ts';
import type { LabelledSet, PrecisionReport, RejectionCategory, RootCause } from '../model/index.ts';
import { reconcile } from '../reconcile/index.ts';
import { openStore, type Store } from '../state/index.ts';
import { rulePrecision, underPrecisionFlags } from './index.ts';

/** The run's window ends here; the period is the 30 days before it. */
const WINDOW_END = '2026-11-30T00:00:00.000Z';
const SETTINGS = { minPrecision: 0.95, precisionDays: 30, minDecisions: 10 };

let n = 0;
/** A DUPLICATE set of two bookings of its own guest, labelled by `ruleId`. */
function setOf(
  ruleId: string,
  cause: RootCause,
  over: Partial<LabelledSet> = {},
  amount = '240.00',
): LabelledSet {
  n += 1;
  const email = `guest${n}@example.com`;
  return makeSet(
    [
      makeMember(`r${n}a`, '2026-11-02T10:15:23.100000Z', [{ paymentId: `p${n}a`, amount }], {
        guestEmail: email,
      }),
      makeMember(`r${n}b`, '2026-11-02T10:15:25.000000Z', [{ paymentId: `p${n}b`, amount }], {
        guestEmail: email,
      }),
    ],
    {
      key: { email, checkIn: '2026-12-10', checkOut: '2026-12-13', roomTypeId: 'room-dbl' },
      ruleId,
      rootCause: cause,
      ...over,
    },
  );
}

interface Backend {
  readonly name: string;
  open(clock: () => string): Promise<Store>;
  teardown(): Promise<void>;
}

function sqlite(): Backend {
  const home = mkdtempSync(join(tmpdir(), 'resrecon-precision-'));
  return {
    name: 'SQLite',
    open: (clock) => openStore({ stateUrl: null, home, clock }),
    async teardown() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function postgres(): Backend {
  let database: TestDatabase | null = null;
  return {
    name: 'PostgreSQL',
    async open(clock) {
      database = await createTestDatabase('precision');
      return openStore({ stateUrl: database.url, home: '/nonexistent', clock });
    },
    async teardown() {
      await database?.drop();
    },
  };
}

describe.each([sqlite(), postgres()])('measured precision on $name', (backend) => {
  let store: Store;
  let now = '2026-11-10T09:00:00.000Z';
  const plans = new Map<string, string>();
  const noKey = Array.from({ length: 10 }, (_, i) =>
    setOf('no-key', 'NO_KEY', {}, i === 0 ? '3120.00' : '240.00'),
  );
  const race = [setOf('race', 'RACE'), setOf('race', 'RACE')];
  const doubted = setOf('race', 'RACE', {
    doubt: 'the names alone cannot tell one guest from two',
    evidence: [{ kind: 'initials', detail: '"J. Doe" beside "John Doe"' }],
  });
  const tooOld = setOf('no-key', 'NO_KEY');
  const tooLate = setOf('no-key', 'NO_KEY');
  const undecided = setOf('no-key', 'NO_KEY');
  let report: PrecisionReport;

  const at = (iso: string) => {
    now = iso;
  };
  const reject = (set: LabelledSet, category: RejectionCategory) =>
    rejectPlan(store, plans.get(set.setId)!, { by: 'ana', reason: 'looked at it', category });

  beforeAll(async () => {
    store = await backend.open(() => now);
    await addDeciders(store, { ana: 'approver', fay: 'finance' });
    const sets = [...noKey, ...race, doubted, tooOld, tooLate, undecided];
    const saved = await reconcile({ runId: 'r1', sets, store, options: OPTIONS });
    for (const [setId, p] of saved.plans) plans.set(setId, p.plan.planId);

    // Before the period: not counted.
    at('2026-10-20T12:00:00.000Z');
    await reject(tooOld, 'not-a-duplicate');
    // In the period. The first no-key plan refunds past the limit: approved, then finance's
    // second approval, which is the same decision.
    at('2026-11-10T09:00:00.000Z');
    for (const set of noKey.slice(0, 8))
      await approvePlan(store, plans.get(set.setId)!, { by: 'ana' }, OPTIONS);
    at('2026-11-12T09:00:00.000Z');
    await approvePlan(store, plans.get(noKey[0]!.setId)!, { by: 'fay' }, OPTIONS);
    await reject(noKey[8]!, 'not-a-duplicate');
    // Another keep than proposed: the rule found copies but kept the wrong booking.
    const kept = await store.getPlan(plans.get(noKey[9]!.setId)!);
    const other = noKey[9]!.reservationIds.find((id) => id !== kept!.plan.keepReservationId)!;
    await approvePlan(store, plans.get(noKey[9]!.setId)!, { by: 'ana', keepReservationId: other }, OPTIONS);
    await approvePlan(store, plans.get(race[0]!.setId)!, { by: 'ana' }, OPTIONS);
    await reject(race[1]!, 'wrong-amount');
    await reject(doubted, 'not-a-duplicate');
    // After the window's end: a re-run of this window must not see it.
    at('2026-12-01T09:00:00.000Z');
    await reject(tooLate, 'already-handled');
    report = await rulePrecision(store, WINDOW_END, SETTINGS);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.teardown();
  });

  it('counts each plan once by its final decision in the 30 days before the window end', () => {
    expect(report.period).toEqual({ from: '2026-10-31T00:00:00.000Z', to: WINDOW_END });
    const rule = report.byRule.find((r) => r.key === 'no-key')!;
    expect(rule).toEqual(
      expect.objectContaining({
        decided: 10,
        approvedAsProposed: 8,
        rejected: { 'not-a-duplicate': 1 },
        wrongKeep: 1,
        precision: 0.8,
      }),
    );
    // 8 of 10 at 95 %: 0.490–0.943.
    expect(rule.low).toBeCloseTo(0.4902, 4);
    expect(rule.high).toBeCloseTo(0.9433, 4);
  });

  it('measures per root cause too, with the reasons people gave', () => {
    const cause = report.byCause.find((r) => r.key === 'RACE')!;
    expect(cause).toEqual(
      expect.objectContaining({
        decided: 3,
        approvedAsProposed: 1,
        rejected: { 'wrong-amount': 1, 'not-a-duplicate': 1 },
        wrongKeep: 0,
      }),
    );
    expect(cause.precision).toBeCloseTo(1 / 3, 10);
    expect(report.byCause.find((r) => r.key === 'NO_KEY')!.decided).toBe(10);
  });

  it('tells what people decided on doubted sets, by what the doubt rested on', () => {
    expect(report.doubted).toEqual([
      { kind: 'all', resolved: 1, approved: 0, rejectedNotDuplicate: 1, rejectedOther: 0 },
      { kind: 'names', resolved: 1, approved: 0, rejectedNotDuplicate: 1, rejectedOther: 0 },
    ]);
  });

  it('calls a rule under precision only with enough decisions and the whole interval below the minimum', async () => {
    expect(report.underPrecision.map((u) => u.ruleId)).toEqual(['no-key']);
    expect(report.underPrecision[0]).toEqual(
      expect.objectContaining({ decided: 10, reviewedBy: null, awaitingReview: true }),
    );
    const fewer = await rulePrecision(store, WINDOW_END, { ...SETTINGS, minDecisions: 11 });
    expect(fewer.underPrecision).toEqual([]);
    const lower = await rulePrecision(store, WINDOW_END, { ...SETTINGS, minPrecision: 0.9 });
    expect(lower.underPrecision).toEqual([]);
  });

  it('flags the new plans of a rule under precision, never bulk-approvable, and leaves plans already proposed alone', async () => {
    const fresh = setOf('no-key', 'NO_KEY');
    const otherRule = setOf('timeout-retry', 'TIMEOUT_RETRY');
    at('2026-11-30T02:00:00.000Z');
    const saved = await reconcile({
      runId: 'r2',
      sets: [fresh, otherRule, undecided],
      store,
      options: { ...OPTIONS, underPrecision: underPrecisionFlags(report) },
    });
    const flagged = saved.plans.get(fresh.setId)!;
    expect(flagged.isNew).toBe(true);
    expect(flagged.plan.bulkApprovable).toBe(false);
    expect(flagged.plan.flags).toEqual([
      {
        code: 'RULE_UNDER_PRECISION',
        detail:
          'rule no-key is under rules.minPrecision 0.95: 8 of 10 of its plans decided in the last 30 days were approved as proposed (precision 0.80, 95 % interval 0.49–0.94)',
      },
    ]);
    expect(saved.plans.get(otherRule.setId)!.plan.flags).toEqual([]);
    // The plan proposed before is kept as it was: no churn of undecided plans.
    const kept = saved.plans.get(undecided.setId)!;
    expect(kept.isNew).toBe(false);
    expect(kept.plan.flags).toEqual([]);
    expect(kept.plan.bulkApprovable).toBe(true);
    await expect(approvePlan(store, flagged.plan.planId, { by: 'ana', bulk: true }, OPTIONS)).rejects.toThrow(
      /flagged \(RULE_UNDER_PRECISION\): approve it on its own/,
    );
    expect((await store.getPlan(flagged.plan.planId))!.status).toBe('PROPOSED');
    // On its own, after a look, it may be approved.
    expect((await approvePlan(store, flagged.plan.planId, { by: 'ana' }, OPTIONS)).status).toBe('APPROVED');
  });
});
