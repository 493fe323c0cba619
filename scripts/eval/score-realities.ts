/**
 * Scores each reality of real traffic on its own, beside the overall figures: per duplicate-set
 * variant, whether the set was found whole, labelled with its cause, planned exactly (the refunds
 * and voids, payment by payment, that the truth expects) and whether a copy went uncancelled;
 * per look-alike kind, whether rooms booked on purpose were called DUPLICATE, could be approved
 * in bulk, or had refunds proposed. A set the rules doubt (`doubt` set) needs a person, so what
 * happens inside one is counted apart; an indistinguishable look-alike in a doubted set is the
 * honest answer, not an error.
 *
 * Human work: a true set is settled when it was found exactly, with its cause, planned exactly,
 * and needed no diagnosis (`needsDiagnosis`, the product's own answer): ops approve it with the
 * others and nobody works out what happened. A set the truth calls undecidable (nothing the
 * rules read settles it) leaves that count and must be doubted instead.
 */
import { type LabelledSet, needsDiagnosis, type Plan, POLICY_FLAGS } from '../../src/model/index.ts';
import type { Plans } from './plan-sets.ts';
import type { Truth, TruthMoney, TruthSet } from './read-truth.ts';

/** The rules' doubt about a set; read loosely, as older sets carry no such field. */
export function doubtOf(s: LabelledSet): string | null {
  const d = (s as { doubt?: string | null }).doubt;
  return typeof d === 'string' ? d : null;
}

export interface VariantScore {
  readonly variant: string;
  readonly sets: number;
  readonly foundExactly: number;
  readonly withLogs: number;
  readonly rightWithLogs: number;
  /** "TRUE -> LABEL" over all sets of the variant whose label is not their cause. */
  readonly confusion: Readonly<Record<string, number>>;
  /** Found as DUPLICATE and doubted. */
  readonly doubted: number;
  readonly bulkApprovable: number;
  readonly copies: number;
  /** Copies no plan cancels. */
  readonly missedCopies: number;
  /** Of the sets found exactly, those whose plan refunds and voids exactly what the truth expects. */
  readonly plansExact: number;
  readonly inexact: readonly number[];
  /** Sets some evidence can settle: the denominator of `settled`. */
  readonly decidable: number;
  /** Decidable sets found exactly, cause right, plan exact and needing no diagnosis. */
  readonly settled: number;
  /** Why the other decidable sets were not settled (one reason each, the first that applies). */
  readonly unsettled: Readonly<Record<UnsettledReason, number>>;
  /** Of those that needed a diagnosis: what held each back (doubt, UNKNOWN, no plan, a flag). */
  readonly diagnosisWhy: Readonly<Record<string, number>>;
  readonly undecidable: number;
  /** Undecidable sets found as a DUPLICATE set that carries a doubt. */
  readonly undecidableDoubted: number;
  /** Undecidable sets whose plan could be approved in bulk: a failure whatever else holds. */
  readonly undecidableBulk: number;
  /** Refunds of payments the truth expects no refund of, in plans of sets without a doubt. */
  readonly wrongRefunds: number;
}

export const UNSETTLED_REASONS = [
  'not found exactly',
  'cause wrong',
  'plan inexact',
  'needs diagnosis',
] as const;
export type UnsettledReason = (typeof UNSETTLED_REASONS)[number];

export interface KindScore {
  readonly kind: string;
  readonly groups: number;
  readonly indistinguishable: number;
  /** Groups with two or more intended bookings in one DUPLICATE set, doubted indistinguishable ones left out. */
  readonly labelledDuplicate: number;
  /** Groups called DUPLICATE only in doubted sets (of them, indistinguishable: not an error). */
  readonly doubted: number;
  readonly doubtedIndistinguishable: number;
  /** Groups called DUPLICATE in a set whose plan could be approved in bulk. */
  readonly bulkApprovable: number;
  /** Refunds and voids proposed on the group's intended bookings, outside and inside doubted sets. */
  readonly refunds: number;
  readonly refundsDoubted: number;
  readonly voids: number;
  readonly voidsDoubted: number;
}

export interface RealityScore {
  readonly variants: readonly VariantScore[];
  readonly kinds: readonly KindScore[];
  /** The same figures over all sets, for the targets. */
  readonly all: VariantScore;
  readonly planFailures: readonly { readonly setId: string; readonly error: string }[];
  /** Refunds of unexpected payments outside doubted sets, over every plan (look-alikes' too). */
  readonly wrongRefunds: number;
}

interface Index {
  readonly duplicateOf: ReadonlyMap<string, LabelledSet>;
  readonly legitimate: ReadonlySet<string>;
  readonly cancelled: ReadonlySet<string>;
}

function index(predicted: readonly LabelledSet[], plans: Plans): Index {
  const duplicateOf = new Map<string, LabelledSet>();
  const legitimate = new Set<string>();
  for (const s of predicted)
    for (const id of s.reservationIds)
      if (s.verdict === 'DUPLICATE') duplicateOf.set(id, s);
      else legitimate.add(id);
  const cancelled = new Set<string>();
  for (const p of plans.bySet.values()) for (const c of p.cancel) cancelled.add(c.reservationId);
  return { duplicateOf, legitimate, cancelled };
}

/** Exact minor units of a decimal string, whatever decimals it is written with. */
function minor(amount: string): bigint {
  const [whole = '0', frac = ''] = amount.trim().split('.');
  const neg = whole.startsWith('-');
  const v = BigInt(whole.replace('-', '') || '0') * 100n + BigInt((frac + '00').slice(0, 2));
  return neg ? -v : v;
}

const moneyKey = (m: { paymentId: string; amount: string; currency: string }): string =>
  `${m.paymentId} ${minor(m.amount)} ${m.currency}`;

function sameMoney(
  planned: readonly { paymentId: string; amount: string; currency: string }[],
  expected: readonly TruthMoney[],
): boolean {
  const a = planned.map(moneyKey).sort();
  const b = expected.map(moneyKey).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function byKey<T>(items: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const t of items) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
  return m;
}

interface Expected {
  readonly refunds: Map<number, TruthMoney[]>;
  readonly voids: Map<number, TruthMoney[]>;
  /** Every payment the truth expects a refund of. */
  readonly refunded: ReadonlySet<string>;
}

/** Refunds a plan proposes on payments the truth expects no refund of; none when the set is doubted. */
function wrongRefundsOf(set: LabelledSet, plan: Plan | undefined, expected: Expected): number {
  if (!plan || doubtOf(set) !== null) return 0;
  return plan.refunds.filter((r) => !expected.refunded.has(r.paymentId)).length;
}

/** What made a set need a diagnosis, in words: the first of its doubt, its cause, its plan's flags. */
function diagnosisWhy(set: LabelledSet, plan: Plan | undefined): string {
  if (doubtOf(set) !== null) return 'doubt';
  if (set.rootCause === 'UNKNOWN' || set.rootCause === null) return 'unknown cause';
  if (!plan) return 'no plan';
  return plan.flags.find((f) => !POLICY_FLAGS.includes(f.code))?.code ?? 'held back';
}

function scoreSets(
  variant: string,
  sets: readonly TruthSet[],
  ix: Index,
  plans: Plans,
  expected: Expected,
): VariantScore {
  let foundExactly = 0;
  let withLogs = 0;
  let rightWithLogs = 0;
  let doubted = 0;
  let bulkApprovable = 0;
  let copies = 0;
  let missedCopies = 0;
  let plansExact = 0;
  const inexact: number[] = [];
  const confusion: Record<string, number> = {};
  let settled = 0;
  const unsettled = Object.fromEntries(UNSETTLED_REASONS.map((r) => [r, 0])) as Record<
    UnsettledReason,
    number
  >;
  const why: Record<string, number> = {};
  let undecidable = 0;
  let undecidableDoubted = 0;
  let undecidableBulk = 0;
  let wrongRefunds = 0;
  const counted = new Set<string>();
  for (const t of sets) {
    const hit = t.reservationIds.map((id) => ix.duplicateOf.get(id)).find(Boolean) ?? null;
    const label = hit
      ? (hit.rootCause ?? 'UNKNOWN')
      : t.reservationIds.some((id) => ix.legitimate.has(id))
        ? 'LEGITIMATE'
        : 'MISSED';
    if (label !== t.rootCause) {
      const k = `${t.rootCause} -> ${label}`;
      confusion[k] = (confusion[k] ?? 0) + 1;
    }
    if (t.logsAvailable) {
      withLogs += 1;
      if (label === t.rootCause) rightWithLogs += 1;
    }
    for (const id of t.reservationIds) {
      if (id === t.keepReservationId) continue;
      copies += 1;
      if (!ix.cancelled.has(id)) missedCopies += 1;
    }
    const plan: Plan | undefined = hit ? plans.bySet.get(hit.setId) : undefined;
    if (t.undecidable) {
      undecidable += 1;
      if (hit && doubtOf(hit) !== null) undecidableDoubted += 1;
      if (plan?.bulkApprovable) undecidableBulk += 1;
    }
    if (hit && !counted.has(hit.setId)) {
      counted.add(hit.setId);
      wrongRefunds += wrongRefundsOf(hit, plan, expected);
    }
    const exact =
      hit !== null &&
      hit.reservationIds.length === t.reservationIds.length &&
      t.reservationIds.every((id) => hit.reservationIds.includes(id));
    const right =
      exact &&
      plan !== undefined &&
      plan.transfers.length === 0 &&
      sameMoney(plan.refunds, expected.refunds.get(t.setNo) ?? []) &&
      sameMoney(plan.voids, expected.voids.get(t.setNo) ?? []);
    if (!t.undecidable) {
      const reason: UnsettledReason | null = !exact
        ? 'not found exactly'
        : label !== t.rootCause
          ? 'cause wrong'
          : !right
            ? 'plan inexact'
            : needsDiagnosis(hit, plan)
              ? 'needs diagnosis'
              : null;
      if (reason === null) settled += 1;
      else unsettled[reason] += 1;
      if (reason === 'needs diagnosis') {
        const w = diagnosisWhy(hit!, plan);
        why[w] = (why[w] ?? 0) + 1;
      }
    }
    if (!hit) continue;
    if (doubtOf(hit) !== null) doubted += 1;
    if (plan?.bulkApprovable) bulkApprovable += 1;
    if (!exact) continue;
    foundExactly += 1;
    if (right) plansExact += 1;
    else inexact.push(t.setNo);
  }
  return {
    variant,
    sets: sets.length,
    foundExactly,
    withLogs,
    rightWithLogs,
    confusion,
    doubted,
    bulkApprovable,
    copies,
    missedCopies,
    plansExact,
    inexact,
    decidable: sets.length - undecidable,
    settled,
    unsettled,
    diagnosisWhy: why,
    undecidable,
    undecidableDoubted,
    undecidableBulk,
    wrongRefunds,
  };
}

function scoreKind(kind: string, truth: Truth, ix: Index, plans: Plans, predicted: readonly LabelledSet[]) {
  const groups = truth.lookalikes.filter((g) => g.kind === kind);
  let labelledDuplicate = 0;
  let doubted = 0;
  let doubtedIndistinguishable = 0;
  let bulkApprovable = 0;
  let refunds = 0;
  let refundsDoubted = 0;
  let voids = 0;
  let voidsDoubted = 0;
  const setById = new Map(predicted.map((s) => [s.setId, s]));
  const intendedOf = new Map<string, number>();
  for (const g of groups) for (const id of g.reservationIds) intendedOf.set(id, g.groupNo);
  for (const g of groups) {
    const counts = new Map<string, number>();
    for (const id of g.reservationIds) {
      const s = ix.duplicateOf.get(id);
      if (s) counts.set(s.setId, (counts.get(s.setId) ?? 0) + 1);
    }
    const together = [...counts].filter(([, n]) => n >= 2).map(([id]) => setById.get(id)!);
    if (together.length === 0) continue;
    const allDoubted = together.every((s) => doubtOf(s) !== null);
    if (allDoubted) doubted += 1;
    if (allDoubted && g.indistinguishable) doubtedIndistinguishable += 1;
    else labelledDuplicate += 1;
    if (together.some((s) => plans.bySet.get(s.setId)?.bulkApprovable)) bulkApprovable += 1;
  }
  for (const [setId, plan] of plans.bySet) {
    const inDoubt = doubtOf(setById.get(setId)!) !== null;
    for (const r of plan.refunds) if (intendedOf.has(r.reservationId)) inDoubt ? refundsDoubted++ : refunds++;
    for (const v of plan.voids) if (intendedOf.has(v.reservationId)) inDoubt ? voidsDoubted++ : voids++;
  }
  return {
    kind,
    groups: groups.length,
    indistinguishable: groups.filter((g) => g.indistinguishable).length,
    labelledDuplicate,
    doubted,
    doubtedIndistinguishable,
    bulkApprovable,
    refunds,
    refundsDoubted,
    voids,
    voidsDoubted,
  };
}

export function scoreRealities(predicted: readonly LabelledSet[], plans: Plans, truth: Truth): RealityScore {
  const ix = index(predicted, plans);
  const expected: Expected = {
    refunds: byKey(truth.refunds, (m) => m.setNo),
    voids: byKey(truth.voids, (m) => m.setNo),
    refunded: new Set(truth.refunds.map((m) => m.paymentId)),
  };
  const setById = new Map(predicted.map((s) => [s.setId, s]));
  let wrongRefunds = 0;
  for (const [setId, plan] of plans.bySet)
    wrongRefunds += wrongRefundsOf(setById.get(setId)!, plan, expected);
  const variantNames = [...new Set(truth.sets.map((s) => s.variant))].sort((a, b) =>
    a === 'clean' ? -1 : b === 'clean' ? 1 : a < b ? -1 : 1,
  );
  const kindNames = [...new Set(truth.lookalikes.map((g) => g.kind))].sort();
  return {
    variants: variantNames.map((v) =>
      scoreSets(
        v,
        truth.sets.filter((s) => s.variant === v),
        ix,
        plans,
        expected,
      ),
    ),
    kinds: kindNames.map((k) => scoreKind(k, truth, ix, plans, predicted)),
    // Overall, wrong refunds count every plan's, a look-alike's that no true set explains too.
    all: { ...scoreSets('all', truth.sets, ix, plans, expected), wrongRefunds },
    planFailures: plans.failed,
    wrongRefunds,
  };
}
