/**
 * `resrecon rules list / reviewed`: how well each rule is doing, measured on people's decisions
 * (src/feedback: the same answer the run and its reports use, here as of now), and "I've looked
 * at this rule", which stops the ops report naming a rule under precision until a newer
 * rejection of it arrives. Reviewing takes a user who may decide plans.
 */
import type { Command } from 'commander';
import { type PrecisionReport, precisionKeyLabel, precisionText, reasonsText } from '../../model/index.ts';
import { FORMAT_OPTION, info, outputFormat, printValue, tableText, write } from '../output.ts';
import { withStore } from '../with-store.ts';

async function measured(program: Command): Promise<PrecisionReport> {
  return withStore(program, async (store, config) => {
    const { rulePrecision } = await import('../../feedback/index.ts');
    return rulePrecision(store, new Date().toISOString(), config.precision);
  });
}

function tablePage(p: PrecisionReport): string {
  const under = new Map(p.underPrecision.map((u) => [u.ruleId, u]));
  const rows = (list: PrecisionReport['byRule'], label: (key: string) => string, rules: boolean) =>
    list.map((r) => {
      const u = under.get(r.key);
      return {
        [rules ? 'rule' : 'cause']: label(r.key),
        decided: r.decided,
        'as proposed': r.approvedAsProposed,
        precision: precisionText(r),
        ...(rules
          ? {
              state: u ? `UNDER PRECISION${u.awaitingReview ? '' : `, looked at by ${u.reviewedBy}`}` : '',
            }
          : {}),
        reasons: reasonsText(r),
      };
    });
  const decided = p.byRule.reduce((n, r) => n + r.decided, 0);
  const head =
    `Decisions from ${p.period.from} to ${p.period.to} (rules.precisionDays ${p.settings.precisionDays}); ` +
    `under precision: ${p.settings.minDecisions}+ decisions and the interval's top below ${p.settings.minPrecision}.\n\n`;
  if (decided === 0) return `${head}No plan was decided in this period.\n`;
  const [all] = p.doubted;
  return (
    head +
    tableText(
      rows(p.byRule, (k) => k, true),
      ['decided', 'as proposed'],
    ) +
    '\n' +
    tableText(rows(p.byCause, precisionKeyLabel, false), ['decided', 'as proposed']) +
    (all && all.resolved > 0
      ? `\nDoubted sets resolved by a person: ${all.resolved}; ${all.approved} approved as copies, ` +
        `${all.rejectedNotDuplicate} rejected as rooms booked on purpose.\n`
      : '')
  );
}

export function register(program: Command): void {
  const rules = program
    .command('rules')
    .description("how well each rule is doing, measured on people's decisions");
  rules
    .command('list')
    .description(
      'measured precision per rule and per root cause over rules.precisionDays, with the 95 % interval and the reasons given',
    )
    .option('--json', 'print JSON even on a terminal')
    .option(...FORMAT_OPTION)
    .action(async (opts: { json?: boolean; format?: string }) => {
      const format = outputFormat(opts);
      const report = await measured(program);
      if (format === 'json') {
        printValue(report);
        return;
      }
      write(tablePage(report));
    });
  rules
    .command('reviewed <rule>')
    .description(
      'record that you looked at a rule under precision: the ops report stops naming it until a newer rejection; its new plans stay out of bulk approval while it is under',
    )
    .requiredOption('--by <name>', 'who looked: a user (resrecon users) with the approver or finance role')
    .option('--note <text>', 'what was found')
    .action(async (rule: string, opts: { by: string; note?: string }) => {
      const review = await withStore(program, async (store) => {
        const { reviewRule } = await import('../../decisions/index.ts');
        return reviewRule(store, { ruleId: rule, by: opts.by, ...(opts.note ? { note: opts.note } : {}) });
      });
      info(`rule ${review.ruleId} reviewed by ${review.reviewedBy} at ${review.reviewedAt}`);
    });
}
