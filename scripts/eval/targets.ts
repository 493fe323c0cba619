/**
 * The evaluation's pass criteria, each checked over all sets and, where a rate is involved, over
 * every duplicate-set variant on its own: a reality that fails should not hide behind the clean
 * majority. The share settled with no human diagnosis is a target over the night as a whole (some
 * realities, a keyless retry in one session, need a person by their nature); undecidable sets
 * leave it and must each be doubted.
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
/** Share of the decidable true sets settled with no human diagnosis, overall. */
export const MIN_SETTLED = 0.95;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const recall = (v: VariantScore): number => (v.sets ? v.foundExactly / v.sets : 1);
const accuracy = (v: VariantScore): number => (v.withLogs ? v.rightWithLogs / v.withLogs : 1);
const settled = (v: VariantScore): number => (v.decidable ? v.settled / v.decidable : 1);

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
      name: `settled with no human diagnosis >= ${pct(MIN_SETTLED)} of the decidable sets overall`,
      pass: settled(r.all) >= MIN_SETTLED,
      detail: `${pct(settled(r.all))} (${r.all.settled} of ${r.all.decidable})`,
    },
    {
      name: 'every undecidable set doubted, none bulk-approvable',
      pass: r.all.undecidableDoubted === r.all.undecidable && r.all.undecidableBulk === 0,
      detail:
        r.all.undecidable === 0
          ? 'no undecidable set in this history'
          : `doubted ${r.all.undecidableDoubted} of ${r.all.undecidable}, bulk-approvable ${r.all.undecidableBulk}`,
    },
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
      name: 'no wrong refund (a payment the truth expects no refund of) outside a doubted set',
      pass: r.wrongRefunds === 0,
      detail:
        r.wrongRefunds === 0
          ? 'none'
          : `${r.wrongRefunds} overall${r.variants
              .filter((v) => v.wrongRefunds > 0)
              .map((v) => `, ${v.variant} ${v.wrongRefunds}`)
              .join('')}`,
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
