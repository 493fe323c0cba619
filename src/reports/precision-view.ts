/**
 * Measured precision as the reports show it (report.json `precision`, src/feedback): for
 * engineering a row per rule (decided, approved as proposed, precision with its interval, the
 * reasons people gave), a line per cause and what people decided on doubted sets; for ops, at the
 * top, the rules under rules.minPrecision that nobody has looked at since their last rejection.
 */
import {
  count,
  DOUBT_KINDS,
  type DoubtedOutcome,
  formatTimestamp,
  type PrecisionReport,
  plural,
  precisionKeyLabel,
  precisionText,
  type RunReport,
  reasonsText,
} from '../model/index.ts';

const two = (n: number | null): string => (n === null ? '–' : n.toFixed(2));

const KIND_WORDS: Readonly<Record<DoubtedOutcome['kind'], string>> = {
  all: 'Doubted sets',
  rule: "the rule's own doubt",
  names: 'names that may be one guest or two',
  'aged-out': 'requests no longer kept',
};

/** "2 approved as copies, 1 rejected as rooms booked on purpose" (and the other rejections). */
function doubtedText(d: DoubtedOutcome): string {
  return (
    `${count(d.approved)} approved as copies, ${count(d.rejectedNotDuplicate)} rejected as rooms booked on purpose` +
    (d.rejectedOther > 0 ? `, ${count(d.rejectedOther)} rejected for another reason` : '')
  );
}

function periodText(p: PrecisionReport): string {
  return `the ${p.settings.precisionDays} days to ${formatTimestamp(p.period.to)}`;
}

/** The engineering report's "Measured precision" section; null when the run measured nothing. */
export function measuredPrecisionView(report: RunReport, limit = Number.POSITIVE_INFINITY) {
  const p = report.precision;
  if (!p) return null;
  const under = new Set(p.underPrecision.map((u) => u.ruleId));
  const decided = p.byRule.reduce((n, r) => n + r.decided, 0);
  const [all, ...kinds] = p.doubted;
  return {
    empty: decided === 0,
    emptyText: `No plan was decided in ${periodText(p)}: precision is measured once people approve or reject plans.`,
    lead:
      `${plural(decided, 'plan')} decided in ${periodText(p)}. Precision is the share approved as proposed, ` +
      `with its 95 % interval; a rule with ${p.settings.minDecisions} or more decisions whose interval lies below ` +
      `${two(p.settings.minPrecision)} is under precision, and its new plans are not approved in bulk.`,
    rules: p.byRule.slice(0, limit).map((r) => ({
      rule: r.key,
      decided: count(r.decided),
      approvedAsProposed: count(r.approvedAsProposed),
      precision: precisionText(r),
      reasons: reasonsText(r),
      under: under.has(r.key),
    })),
    moreRules: p.byRule.length > limit ? p.byRule.length - limit : 0,
    // The reasons are the rules' rows; a cause's line says how it is doing.
    causes: p.byCause.map((r) => ({
      text:
        `${precisionKeyLabel(r.key)}: ${count(r.decided)} decided, ` +
        `${count(r.approvedAsProposed)} approved as proposed, precision ${precisionText(r)}`,
    })),
    doubted:
      all && all.resolved > 0
        ? `${KIND_WORDS.all} resolved by a person: ${count(all.resolved)}; ${doubtedText(all)}` +
          (kinds.length > 0
            ? ` (${DOUBT_KINDS.flatMap((k) => {
                const d = kinds.find((x) => x.kind === k);
                return d ? [`${KIND_WORDS[k]}: ${count(d.resolved)}, ${doubtedText(d)}`] : [];
              }).join('; ')}).`
            : '.')
        : `${KIND_WORDS.all}: none resolved by a person in this period.`,
  };
}

/** The ops report's banner: rules under precision that await a look (none: no banner). */
export function rulesUnderPrecisionView(report: RunReport) {
  const p = report.precision;
  const awaiting = p?.underPrecision.filter((u) => u.awaitingReview) ?? [];
  if (!p || awaiting.length === 0) return null;
  return {
    headline:
      awaiting.length === 1
        ? `Rule ${awaiting[0]!.ruleId} is under the precision it should have`
        : `${awaiting.length} rules are under the precision they should have`,
    advice:
      `People turned down many of their plans in ${periodText(p)}: their new plans are flagged and never ` +
      'approved in bulk. Have someone look at the rule, then record it.',
    rules: awaiting.map((u) => {
      const row = p.byRule.find((r) => r.key === u.ruleId);
      return {
        ruleId: u.ruleId,
        text:
          `${count(row?.approvedAsProposed ?? 0)} of ${count(u.decided)} decided plans approved as proposed, ` +
          `precision ${precisionText(u)}, under ${two(p.settings.minPrecision)}` +
          (row && reasonsText(row) ? `; ${reasonsText(row)}` : '') +
          (u.reviewedAt && u.reviewedBy
            ? `. Looked at by ${u.reviewedBy} on ${formatTimestamp(u.reviewedAt)}, rejected again since.`
            : '.'),
        command: `npx resrecon rules reviewed ${u.ruleId} --by <you> --note "what was found"`,
      };
    }),
  };
}
