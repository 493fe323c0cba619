/**
 * The evaluation's pass criteria, each checked over all sets and, where a rate is involved, over
 * every duplicate-set variant on its own: a reality that fails should not hide behind the clean
 * majority.
 */
import type { RealityScore, VariantScore } from './score-realities.ts';

export interface Target {
  readonly name: string;
  readonly pass: boolean;
  /** Where it failed, or the figure that passed. */
  readonly detail: string;
}

export const MIN_RECALL = 0.99;
export const MIN_ACCURACY = 0.97;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const recall = (v: VariantScore): number => (v.sets ? v.foundExactly / v.sets : 1);
const accuracy = (v: VariantScore): number => (v.withLogs ? v.rightWithLogs / v.withLogs : 1);

function rate(
  name: string,
  r: RealityScore,
  of: (v: VariantScore) => number,
  min: number,
  counted: (v: VariantScore) => boolean,
): Target {
  const low = [r.all, ...r.variants].filter((v) => counted(v) && of(v) < min);
  return {
    name,
    pass: low.length === 0,
    detail:
      low.length === 0
        ? `${pct(of(r.all))} overall, every variant at least ${pct(min)}`
        : low.map((v) => `${v.variant} ${pct(of(v))}`).join(', '),
  };
}

export function checkTargets(r: RealityScore): Target[] {
  const bulk = r.kinds.filter((k) => k.bulkApprovable > 0);
  const refunded = r.kinds.filter((k) => k.refunds > 0);
  const inexact = r.all.inexact.length + r.planFailures.length;
  return [
    rate(`recall >= ${pct(MIN_RECALL)}`, r, recall, MIN_RECALL, (v) => v.sets > 0),
    rate(
      `cause accuracy >= ${pct(MIN_ACCURACY)} (sets whose logs exist)`,
      r,
      accuracy,
      MIN_ACCURACY,
      (v) => v.withLogs > 0,
    ),
    {
      name: 'no look-alike group bulk-approvable as DUPLICATE',
      pass: bulk.length === 0,
      detail: bulk.length === 0 ? 'none' : bulk.map((k) => `${k.kind} ${k.bulkApprovable}`).join(', '),
    },
    {
      name: 'no refund on an intended booking outside a doubted set',
      pass: refunded.length === 0,
      detail: refunded.length === 0 ? 'none' : refunded.map((k) => `${k.kind} ${k.refunds}`).join(', '),
    },
    {
      name: 'plans exact (refund and void payments and amounts as expected)',
      pass: inexact === 0,
      detail:
        inexact === 0
          ? `${r.all.plansExact} of ${r.all.foundExactly} sets found`
          : `${r.all.inexact.length} inexact (sets ${r.all.inexact.slice(0, 8).join(', ')}${r.all.inexact.length > 8 ? ', …' : ''})` +
            (r.planFailures.length ? `, ${r.planFailures.length} not plannable` : ''),
    },
  ];
}
