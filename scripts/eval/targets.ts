/**
 * The evaluation's pass criteria, each checked over all sets and, where a rate is involved, over
 * every duplicate-set variant on its own (beyond its 95 % interval, wilsonUpper): a reality that
 * fails should not hide behind the clean majority. The share settled with no human diagnosis is a target over the night as a whole (some
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
const settled = (v: VariantScore): number => (v.decidable ? v.settled / v.decidable : 1);

/**
 * The upper end of the 95 % Wilson interval of k successes in n: a reality of a few dozen sets
 * fails its own check only when its figure is below the target beyond doubt (one miss in 24 is
 * not), while the overall figure must meet the target as it stands.
 */
export function wilsonUpper(k: number, n: number, z = 1.96): number {
  if (n === 0) return 1;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.min(1, (centre + margin) / (1 + z2 / n));
}

function rate(
  name: string,
  r: RealityScore,
  counts: (v: VariantScore) => readonly [number, number],
  min: number,
): Target {
  const of = (v: VariantScore): number => {
    const [k, n] = counts(v);
    return n ? k / n : 1;
  };
  const low = [
    ...(of(r.all) < min ? [r.all] : []),
    ...r.variants.filter((v) => wilsonUpper(...counts(v)) < min),
  ];
  return {
    name,
    pass: low.length === 0,
    detail:
      low.length === 0
        ? `${pct(of(r.all))} overall; no variant below ${pct(min)} beyond its 95% interval`
        : low.map((v) => `${v.variant} ${pct(of(v))} (${counts(v).join(' of ')})`).join(', '),
  };
}

export function checkTargets(r: RealityScore): Target[] {
  const bulk = r.kinds.filter((k) => k.bulkApprovable > 0);
  const refunded = r.kinds.filter((k) => k.refunds > 0);
  const inexact = r.all.inexact.length + r.planFailures.length;
  return [
    rate(`recall >= ${pct(MIN_RECALL)}`, r, (v) => [v.foundExactly, v.sets], MIN_RECALL),
    rate(
      `cause accuracy >= ${pct(MIN_ACCURACY)} (sets whose logs exist)`,
      r,
      (v) => [v.rightWithLogs, v.withLogs],
      MIN_ACCURACY,
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
