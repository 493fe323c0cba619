import { describe, expect, it } from 'vitest';
import { DEFAULT_PRECISION_SETTINGS, type DecisionLabel, doubtKinds } from '../model/index.ts';
import { finalDecisions, measurePrecision, precisionPeriod } from './measure-precision.ts';

const PERIOD = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

function label(over: Partial<DecisionLabel>): DecisionLabel {
  return {
    planId: 'p1',
    decision: 'APPROVED',
    decidedAt: '2026-11-10T10:00:00.000Z',
    decidedBy: 'ana',
    category: null,
    otherKeep: false,
    onReplacement: false,
    ruleId: 'race',
    rootCause: 'RACE',
    doubtKinds: [],
    ...over,
  };
}

describe('measuring precision on decisions', () => {
  it('counts back the configured days from the window end', () => {
    expect(
      precisionPeriod('2026-12-01T00:00:00Z', { ...DEFAULT_PRECISION_SETTINGS, precisionDays: 7 }),
    ).toEqual({
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });

  it("takes a plan's final decision once: a second approval is the same one, a later rejection replaces it", () => {
    const finals = finalDecisions(
      [
        label({ planId: 'a' }),
        label({ planId: 'a', decidedBy: 'fay', decidedAt: '2026-11-11T10:00:00.000Z' }),
        label({ planId: 'b' }),
        label({
          planId: 'b',
          decision: 'REJECTED',
          category: 'wrong-amount',
          decidedAt: '2026-11-12T00:00:00.000Z',
        }),
      ],
      PERIOD,
    );
    expect(finals.map((d) => [d.planId, d.decision, d.decidedBy])).toEqual([
      ['a', 'APPROVED', 'ana'],
      ['b', 'REJECTED', 'ana'],
    ]);
  });

  it('leaves out a plan first approved before the period, whose second approval falls inside it', () => {
    const finals = finalDecisions(
      [
        label({ planId: 'a', decidedAt: '2026-10-30T10:00:00.000Z' }),
        label({ planId: 'a', decidedBy: 'fay', decidedAt: '2026-11-02T10:00:00.000Z' }),
      ],
      PERIOD,
    );
    expect(finals).toEqual([]);
  });

  it("does not count a plan a person made by choosing another keep as the rule's proposal", () => {
    const report = measurePrecision({
      labels: [
        label({ planId: 'a', otherKeep: true, category: 'wrong-keep' }),
        label({ planId: 'a2', onReplacement: true, decidedBy: 'fay' }),
        label({ planId: 'c', decision: 'REJECTED', category: null }),
      ],
      reviews: [],
      period: PERIOD,
      settings: DEFAULT_PRECISION_SETTINGS,
    });
    expect(report.byRule).toEqual([
      {
        key: 'race',
        decided: 2,
        approvedAsProposed: 0,
        rejected: { uncategorised: 1 },
        wrongKeep: 1,
        precision: 0,
        low: 0,
        high: expect.closeTo(0.6576, 4),
      },
    ]);
  });

  it('reads what a doubt rests on from the evidence beside it, and nothing without a doubt', () => {
    const evidence = [{ kind: 'initials' }, { kind: 'aged-out' }, { kind: 'missing-key' }];
    expect(doubtKinds({ doubt: 'one guest or two', evidence })).toEqual(['names', 'aged-out']);
    expect(doubtKinds({ doubt: null, evidence })).toEqual([]);
  });
});
