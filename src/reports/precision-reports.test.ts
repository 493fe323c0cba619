/**
 * The rule under precision at the top of the ops report "until someone looks", and the
 * engineering report's measured precision: decisions made through the real decision path in a
 * real store, measured by the one function the run uses, rendered by the real templates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDeciders } from '../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import { approvePlan, rejectPlan, reviewRule } from '../decisions/index.ts';
import { rulePrecision } from '../feedback/index.ts';
import type { LabelledSet, RunReport } from '../model/index.ts';
import { reconcile } from '../reconcile/index.ts';
import { openStore, type Store } from '../state/index.ts';
import { renderReports } from './index.ts';

const SETTINGS = { minPrecision: 0.9, precisionDays: 30, minDecisions: 10 };
const HEADLINE = 'Rule no-key is under the precision it should have';

function setOf(i: number): LabelledSet {
  const email = `banner${i}@example.com`;
  return makeSet(
    [
      makeMember(`b${i}a`, '2026-11-02T10:15:23.100000Z', [{ paymentId: `pb${i}a` }], { guestEmail: email }),
      makeMember(`b${i}b`, '2026-11-02T10:15:25.000000Z', [{ paymentId: `pb${i}b` }], { guestEmail: email }),
    ],
    { key: { email, checkIn: '2026-12-10', checkOut: '2026-12-13', roomTypeId: 'room-dbl' } },
  );
}

describe('measured precision in the reports', () => {
  let home = '';
  let store: Store;
  let now = '2026-11-10T09:00:00.000Z';
  const sets = Array.from({ length: 13 }, (_, i) => setOf(i));
  const planIds = new Map<string, string>();
  const planOf = (i: number) => planIds.get(sets[i]!.setId)!;

  /** The sample night as a run ending at `to` reports it, measured from the store. */
  async function night(
    to: string,
  ): Promise<{ report: RunReport; ops: string; opsText: string; eng: string }> {
    const report = { ...sampleReport(), precision: await rulePrecision(store, to, SETTINGS) };
    const r = renderReports(report, sampleHistory(), { consoleUrl: null });
    return { report, ops: r.ops.html, opsText: r.ops.text, eng: r.engineering.text };
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-precision-reports-'));
    store = await openStore({ stateUrl: null, home, clock: () => now });
    await addDeciders(store, { ana: 'approver', bo: 'approver' });
    const saved = await reconcile({ runId: 'r1', sets, store, options: OPTIONS });
    for (const [setId, p] of saved.plans) planIds.set(setId, p.plan.planId);
    // 6 of 10 approved as proposed, 4 turned down as rooms booked on purpose: 0.31–0.83.
    for (let i = 0; i < 10; i++) {
      now = `2026-11-1${i}T09:00:00.000Z`;
      if (i < 6) await approvePlan(store, planOf(i), { by: 'ana' }, OPTIONS);
      else await rejectPlan(store, planOf(i), { by: 'ana', reason: 'a family', category: 'not-a-duplicate' });
    }
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('says in one sentence when nobody has decided a plan yet', async () => {
    const { eng, ops } = await night('2026-11-01T00:00:00.000Z');
    expect(eng).toContain(
      'MEASURED PRECISION\nNo plan was decided in the 30 days to 1 Nov 2026 00:00 UTC: precision is measured once people approve or reject plans.',
    );
    expect(ops).not.toContain(HEADLINE);
  });

  it('shows a row per rule with its precision, interval and reasons, a line per cause and the doubted sets', async () => {
    const { eng, report } = await night('2026-11-25T00:00:00.000Z');
    expect(report.precision!.byRule).toEqual([
      expect.objectContaining({ key: 'no-key', decided: 10, approvedAsProposed: 6 }),
    ]);
    expect(eng).toContain(
      '  - no-key [UNDER PRECISION]: 10 decided, 6 as proposed, precision 0.60 (0.31–0.83); 4 rejected as not a duplicate: rooms booked on purpose',
    );
    expect(eng).toContain(
      '  * Retry without idempotency key: 10 decided, 6 approved as proposed, precision 0.60',
    );
    expect(eng).toContain('  * Doubted sets: none resolved by a person in this period.');
  });

  it('names the rule at the top of the ops report until someone looks, and again after a newer rejection', async () => {
    const before = await night('2026-11-25T00:00:00.000Z');
    expect(before.ops).toContain(HEADLINE);
    expect(before.opsText.indexOf(`!!! ${HEADLINE}`)).toBeLessThan(
      before.opsText.indexOf('PLANS AWAITING APPROVAL'),
    );
    expect(before.opsText).toContain('npx resrecon rules reviewed no-key --by <you>');

    now = '2026-11-21T10:00:00.000Z';
    await reviewRule(store, { ruleId: 'no-key', by: 'bo', note: 'family bookings from one travel agent' });
    const looked = await night('2026-11-25T00:00:00.000Z');
    expect(looked.ops).not.toContain(HEADLINE);
    // Still under precision: engineering still says so, and its new plans stay out of bulk.
    expect(looked.report.precision!.underPrecision).toEqual([
      expect.objectContaining({ ruleId: 'no-key', reviewedBy: 'bo', awaitingReview: false }),
    ]);
    expect(looked.eng).toContain('no-key [UNDER PRECISION]');

    now = '2026-11-22T10:00:00.000Z';
    await rejectPlan(store, planOf(10), { by: 'ana', reason: 'a family again', category: 'not-a-duplicate' });
    const again = await night('2026-11-25T00:00:00.000Z');
    expect(again.ops).toContain(HEADLINE);
    expect(again.opsText).toContain('Looked at by bo on 21 Nov 2026 10:00 UTC, rejected again since.');
  });
});
