/**
 * Scores labelled sets against the simulator's truth: a confusion matrix of root causes over
 * the true duplicate sets, per-cause precision and recall, look-alikes wrongly called
 * DUPLICATE, and the UNKNOWN rate over sets whose logs exist.
 */
import type { LabelledSet } from '../../src/model/index.ts';
import type { TruthLookalike, TruthSet } from './read-truth.ts';

export type { TruthLookalike, TruthSet };

export const CAUSES = ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'] as const;
export const PREDICTED = [...CAUSES, 'UNKNOWN', 'LEGITIMATE', 'MISSED'] as const;

export interface Score {
  readonly matrix: Record<string, Record<string, number>>;
  readonly perCause: { cause: string; precision: number; recall: number; support: number }[];
  readonly accuracy: number;
  readonly accuracyWithLogs: number;
  readonly exactMembership: number;
  readonly duplicateSets: number;
  readonly unknownRateWithLogs: number;
  readonly lookalikesFlagged: { groupNo: number; kind: string; setId: string }[];
  readonly falseDuplicateSets: number;
  /** True sets labelled otherwise, with the set they were labelled as (if any). */
  readonly misses: { truth: TruthSet; label: string; set: LabelledSet | null }[];
}

export function score(
  predicted: readonly LabelledSet[],
  truth: readonly TruthSet[],
  lookalikes: readonly TruthLookalike[],
): Score {
  const duplicateByReservation = new Map<string, LabelledSet>();
  const legitByReservation = new Map<string, LabelledSet>();
  for (const s of predicted) {
    for (const id of s.reservationIds)
      (s.verdict === 'DUPLICATE' ? duplicateByReservation : legitByReservation).set(id, s);
  }
  const matrix: Record<string, Record<string, number>> = {};
  for (const c of CAUSES) matrix[c] = Object.fromEntries(PREDICTED.map((p) => [p, 0]));
  let correct = 0;
  let correctWithLogs = 0;
  let withLogs = 0;
  let unknownWithLogs = 0;
  let exact = 0;
  const matched = new Set<string>();
  const misses: Score['misses'] = [];
  for (const t of truth) {
    const hit = t.reservationIds.map((id) => duplicateByReservation.get(id)).find(Boolean);
    let label: string;
    if (hit) {
      label = hit.rootCause ?? 'UNKNOWN';
      matched.add(hit.setId);
      const same =
        hit.reservationIds.length === t.reservationIds.length &&
        t.reservationIds.every((id) => hit.reservationIds.includes(id));
      if (same) exact += 1;
    } else {
      label = t.reservationIds.some((id) => legitByReservation.has(id)) ? 'LEGITIMATE' : 'MISSED';
    }
    matrix[t.rootCause]![label]! += 1;
    if (label === t.rootCause) correct += 1;
    else misses.push({ truth: t, label, set: hit ?? null });
    if (t.logsAvailable) {
      withLogs += 1;
      if (label === t.rootCause) correctWithLogs += 1;
      if (label === 'UNKNOWN') unknownWithLogs += 1;
    }
  }
  const perCause = CAUSES.map((cause) => {
    const tp = matrix[cause]![cause]!;
    const support = Object.values(matrix[cause]!).reduce((a, b) => a + b, 0);
    const predictedAs = CAUSES.reduce((a, c) => a + matrix[c]![cause]!, 0);
    return {
      cause,
      precision: predictedAs ? tp / predictedAs : 1,
      recall: support ? tp / support : 1,
      support,
    };
  });
  const lookalikesFlagged: Score['lookalikesFlagged'] = [];
  for (const g of lookalikes) {
    const hits = new Map<string, number>();
    for (const id of g.reservationIds) {
      const s = duplicateByReservation.get(id);
      if (s) hits.set(s.setId, (hits.get(s.setId) ?? 0) + 1);
    }
    // Two intended bookings of one look-alike group inside one DUPLICATE set: a legitimate booking would be cancelled.
    for (const [setId, n] of hits)
      if (n >= 2) lookalikesFlagged.push({ groupNo: g.groupNo, kind: g.kind, setId });
  }
  const dupSets = predicted.filter((s) => s.verdict === 'DUPLICATE');
  return {
    matrix,
    perCause,
    accuracy: truth.length ? correct / truth.length : 1,
    accuracyWithLogs: withLogs ? correctWithLogs / withLogs : 1,
    exactMembership: truth.length ? exact / truth.length : 1,
    duplicateSets: truth.length,
    unknownRateWithLogs: withLogs ? unknownWithLogs / withLogs : 0,
    lookalikesFlagged,
    falseDuplicateSets: dupSets.filter((s) => !matched.has(s.setId)).length,
    misses,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatScore(name: string, s: Score): string {
  const lines: string[] = [];
  lines.push(`== ${name}: ${s.duplicateSets} true duplicate sets`);
  const w = 14;
  lines.push(['truth \\ label'.padEnd(w), ...PREDICTED.map((p) => p.padStart(w))].join(''));
  for (const c of CAUSES)
    lines.push([c.padEnd(w), ...PREDICTED.map((p) => String(s.matrix[c]![p]).padStart(w))].join(''));
  lines.push('');
  lines.push(`${'cause'.padEnd(w)}${'precision'.padStart(w)}${'recall'.padStart(w)}${'support'.padStart(w)}`);
  for (const p of s.perCause) {
    lines.push(
      `${p.cause.padEnd(w)}${pct(p.precision).padStart(w)}${pct(p.recall).padStart(w)}${String(p.support).padStart(w)}`,
    );
  }
  lines.push('');
  lines.push(
    `root-cause accuracy: ${pct(s.accuracy)} (sets with logs: ${pct(s.accuracyWithLogs)}); exact membership ${pct(s.exactMembership)}`,
  );
  lines.push(`UNKNOWN over sets whose logs exist: ${pct(s.unknownRateWithLogs)}`);
  lines.push(
    `look-alike groups labelled DUPLICATE (doubted ones included): ${s.lookalikesFlagged.length}; DUPLICATE sets matching no true set: ${s.falseDuplicateSets}`,
  );
  return lines.join('\n');
}

/** A few mislabelled sets with their evidence and members, to see why. */
export function formatMisses(s: Score, limit: number): string {
  const lines: string[] = [];
  for (const m of s.misses.slice(0, limit)) {
    lines.push(
      `-- truth ${m.truth.rootCause} (set ${m.truth.setNo}, logs ${m.truth.logsAvailable}) labelled ${m.label}`,
    );
    if (!m.set) continue;
    for (const e of m.set.evidence) lines.push(`   ${e.kind}: ${e.detail}`);
    for (const x of m.set.members) {
      lines.push(
        `   ${x.reservationId} created ${x.createdAt} key=${x.idempotencyKey ?? '-'} req=${x.requestId ?? '-'} client=${x.clientId ?? '-'}`,
      );
    }
  }
  return lines.join('\n');
}
