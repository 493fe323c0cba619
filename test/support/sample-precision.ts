/**
 * The sample night's measured precision: a month of decisions as a store would hand them over,
 * measured by the real function. The no-key rule is doing well; race has had enough rejections
 * to be under rules.minPrecision and nobody has looked yet; a few doubted sets were resolved.
 */
import { measurePrecision } from '../../src/feedback/index.ts';
import {
  DEFAULT_PRECISION_SETTINGS,
  type DecisionLabel,
  type DoubtKind,
  type PrecisionReport,
  type RootCause,
} from '../../src/model/index.ts';

const TO = '2026-11-27T03:00:00.000Z';

function labels(
  ruleId: string | null,
  cause: RootCause,
  outcomes: readonly (string | 'approved' | 'other-keep')[],
  doubt: readonly DoubtKind[] = [],
): DecisionLabel[] {
  return outcomes.map((o, i) => ({
    planId: `plan-${ruleId ?? 'none'}-${cause}-${doubt.join('')}-${i}`,
    decision: o === 'approved' || o === 'other-keep' ? 'APPROVED' : 'REJECTED',
    decidedAt: new Date(Date.parse(TO) - (i + 1) * 3_600_000 * 7).toISOString(),
    decidedBy: 'ana',
    category: o === 'approved' ? null : o === 'other-keep' ? 'wrong-keep' : o,
    otherKeep: o === 'other-keep',
    onReplacement: false,
    ruleId,
    rootCause: cause,
    doubtKinds: doubt,
  }));
}

export function samplePrecision(): PrecisionReport {
  const approved = (k: number) => Array.from({ length: k }, () => 'approved');
  return measurePrecision({
    labels: [
      ...labels('no-key', 'NO_KEY', [...approved(41), 'wrong-amount', 'other-keep']),
      ...labels('timeout-retry', 'TIMEOUT_RETRY', [...approved(12), 'already-handled']),
      ...labels('race', 'RACE', [
        ...approved(5),
        'not-a-duplicate',
        'not-a-duplicate',
        'not-a-duplicate',
        'not-a-duplicate',
        'wrong-keep',
        'other',
        'other-keep',
      ]),
      ...labels('no-key', 'NO_KEY', ['approved', 'approved', 'not-a-duplicate'], ['rule']),
      ...labels('race', 'RACE', ['not-a-duplicate'], ['names']),
      ...labels(null, 'UNKNOWN', ['approved', 'other']),
    ],
    reviews: [],
    period: { from: new Date(Date.parse(TO) - 30 * 86_400_000).toISOString(), to: TO },
    settings: DEFAULT_PRECISION_SETTINGS,
  });
}
