import { describe, expect, it } from 'vitest';
import { needsDiagnosis } from './needs-diagnosis.ts';
import type { FlagCode } from './types.ts';

const copies = { verdict: 'DUPLICATE', rootCause: 'NO_KEY', doubt: null } as const;
const plan = (...codes: FlagCode[]) => ({
  flags: codes.map((code) => ({ code, detail: code })),
  bulkApprovable: codes.length === 0,
});

describe('needsDiagnosis', () => {
  it('needs none for a set with a cause, no doubt and a plan approvable in bulk', () => {
    expect(needsDiagnosis(copies, plan())).toBe(false);
  });

  it('needs none when only policy holds the plan back: a large refund wants a second approver, not a diagnosis', () => {
    expect(needsDiagnosis(copies, plan('LARGE_REFUND'))).toBe(false);
  });

  it('needs one for an UNKNOWN cause, a doubt, or a plan held back for any other reason', () => {
    expect(needsDiagnosis({ ...copies, rootCause: 'UNKNOWN' }, plan('UNKNOWN_CAUSE'))).toBe(true);
    expect(needsDiagnosis({ ...copies, doubt: 'only an initial separates them' }, plan('DOUBT'))).toBe(true);
    for (const code of ['UNHANDLED_PAYMENT', 'LOW_CONFIDENCE', 'KEEP_OVERRIDDEN'] as const) {
      expect(needsDiagnosis(copies, plan(code))).toBe(true);
      expect(needsDiagnosis(copies, plan('LARGE_REFUND', code))).toBe(true);
    }
    expect(needsDiagnosis(copies, { flags: [], bulkApprovable: false })).toBe(true);
  });

  it('needs one for a DUPLICATE set the planner could not plan, and none for rooms booked on purpose', () => {
    expect(needsDiagnosis(copies, null)).toBe(true);
    expect(needsDiagnosis({ verdict: 'LEGITIMATE', rootCause: null, doubt: null }, null)).toBe(false);
  });
});
