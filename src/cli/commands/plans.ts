/**
 * `resrecon plans list / show / approve / reject / export`: review and decide remediation plans
 * in the state store. Decisions go through the decision authority, the same check as the
 * console's: `--by` names a known user whose role may decide, and the second approval of a refund
 * past the limit needs the finance role. A flagged plan is approved only on its own: naming
 * several plans is a batch, and a batch refuses flagged plans (each one is reported, the others
 * still approved).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, PermissionError, StateError } from '../../errors/index.ts';
import { writeAtomic } from '../../io/index.ts';
import {
  awaitedDecision,
  causeLabel,
  DEFAULT_REJECTION_CATEGORY,
  flagWords,
  formatMoneyList,
  formatSourceMoney,
  formatTimestamp,
  isPlanStatus,
  type LabelledSet,
  PLAN_STATUSES,
  type PlanStatus,
  planMoney,
  planStatusLabel,
  REJECTION_CATEGORY_CODES,
  WRONG_KEEP,
} from '../../model/index.ts';
import type { Store, StoredPlan } from '../../state/index.ts';
import { askCategory } from '../ask-category.ts';
import { FORMAT_OPTION, info, outputFormat, printRows, printValue, write } from '../output.ts';
import { withStore } from '../with-store.ts';

function statusOption(value: string | undefined): PlanStatus | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!isPlanStatus(upper))
    throw new ConfigError(`--status must be one of ${PLAN_STATUSES.join(', ')}`, '--status');
  return upper;
}

/** `--status APPROVED` or `--status PROPOSED,APPROVED`. */
function statusList(value: string): PlanStatus[] {
  const out: PlanStatus[] = [];
  for (const part of value.split(',')) {
    const status = statusOption(part.trim());
    if (status && !out.includes(status)) out.push(status);
  }
  if (out.length === 0) throw new ConfigError('--status names no status', '--status');
  return out;
}

/** The refund CSV of these plans: the run's refunds.csv format, written by the same function. */
async function exportCsv(store: Store, statuses: readonly PlanStatus[]): Promise<string> {
  const { refundsCsv, toReportSet } = await import('../../reports/index.ts');
  const plans = await store.withDoneItems(
    (await Promise.all(statuses.map((status) => store.listPlans({ status })))).flat(),
  );
  const sets = await store.getSets([...new Set(plans.map((p) => p.setId))]);
  return refundsCsv(
    plans.map((p) => {
      const set = sets.get(p.setId);
      if (!set)
        throw new StateError(`plan ${p.plan.planId} names set ${p.setId}, which the store does not hold`);
      return toReportSet(set, p);
    }),
  );
}

/** The decision a plan waits for, in words (`awaitedDecision`); empty when it waits for none. */
function awaitingText(s: StoredPlan): string {
  const awaiting = awaitedDecision(s);
  return awaiting ? planStatusLabel(s.status, awaiting) : '';
}

/** The guest a plan's set is about, as the reports name them: the name, else the address. */
function guestOf(s: StoredPlan, set: LabelledSet | undefined): string {
  const kept = set?.members.find((m) => m.reservationId === s.plan.keepReservationId) ?? set?.members[0];
  return kept?.guestName || kept?.guestEmail || s.plan.notifyGuest;
}

/**
 * One plan as a row for scripts: its money is what it still moves (planMoney), as the console
 * and reports show it; flags are codes. Fields may be added, none change meaning.
 */
function summary(s: StoredPlan, set: LabelledSet | undefined): Record<string, unknown> {
  const money = planMoney(s);
  return {
    planId: s.plan.planId,
    setId: s.setId,
    status: s.status,
    awaiting: awaitingText(s),
    keep: s.plan.keepReservationId,
    cancel: s.plan.cancel.length,
    refunds: formatMoneyList(money.refunds),
    voids: formatMoneyList(money.voids),
    transfers: formatMoneyList(money.transfers),
    flags: s.plan.flags.map((f) => f.code).join(','),
    created: s.createdAt,
    guest: guestOf(s, set),
    cause: set?.rootCause ?? null,
  };
}

/** Long text cut to fit a column, marked as cut. */
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The same plan as a person reads it in the terminal's table: words, not codes. */
/** `current`: whether the plan is its set's current one, asked only under --all. */
function tableRow(s: StoredPlan, set: LabelledSet | undefined, current?: boolean): Record<string, unknown> {
  const money = planMoney(s);
  return {
    plan: s.plan.planId,
    status: planStatusLabel(s.status, awaitedDecision(s)),
    guest: clip(guestOf(s, set), 28),
    cause: set?.rootCause ? causeLabel(set.rootCause) : '',
    flags: s.plan.flags.map((f) => flagWords(f.code)).join(', '),
    cancels: s.plan.cancel.length,
    refund: formatMoneyList(money.refunds),
    void: formatMoneyList(money.voids),
    transfer: formatMoneyList(money.transfers),
    created: formatTimestamp(s.createdAt),
    ...(current === undefined ? {} : { current: current ? 'yes' : 'no' }),
  };
}

/** How the reader started this program, for commands the page suggests: with the same --config. */
function invocation(program: Command): string {
  const config = program.opts()['config'] as string | undefined;
  if (!config) return 'resrecon';
  return `resrecon --config ${/^[\w./:@-]+$/.test(config) ? config : `'${config.replaceAll("'", "'\\''")}'`}`;
}

async function findPlan(store: Store, planId: string): Promise<StoredPlan> {
  const found = await store.getPlan(planId);
  if (!found) throw new StateError(`there is no plan ${planId} (see resrecon plans list)`);
  return found;
}

export function register(program: Command): void {
  const plans = program.command('plans').description('review and decide remediation plans');

  plans
    .command('list')
    .description('current plans, newest first')
    .option('--status <status>', `only plans in this status (${PLAN_STATUSES.join(', ')})`)
    .option(
      '--all',
      'include plans replaced by a newer one or retired, with a column saying which are current',
    )
    .option('--json', 'print JSON even on a terminal')
    .option(...FORMAT_OPTION)
    .action(async (opts: { status?: string; all?: boolean; json?: boolean; format?: string }) => {
      const status = statusOption(opts.status);
      const format = outputFormat(opts);
      await withStore(program, async (store) => {
        const { isCurrentPlan } = await import('../../state/index.ts');
        const list = await store.withDoneItems(
          await store.listPlans({
            ...(status ? { status } : {}),
            includeSuperseded: Boolean(opts.all),
          }),
        );
        const sets = await store.getSets([...new Set(list.map((s) => s.setId))]);
        const rows = list.map((s) => {
          const row = summary(s, sets.get(s.setId));
          return opts.all ? { ...row, current: isCurrentPlan(s) } : row;
        });
        printRows(rows, { format, right: ['cancels', 'refund', 'void', 'transfer'] }, () =>
          list.map((s) => tableRow(s, sets.get(s.setId), opts.all ? isCurrentPlan(s) : undefined)),
        );
      });
    });

  plans
    .command('show <planId>')
    .description(
      'one plan as a page on a terminal (why, bookings, steps, money, decisions, what to do next); JSON with its set, decisions and audit trail when piped',
    )
    .option('--json', 'print JSON even on a terminal')
    .option(...FORMAT_OPTION)
    .action(async (planId: string, opts: { json?: boolean; format?: string }) => {
      const format = outputFormat(opts);
      await withStore(program, async (store) => {
        const [stored] = await store.withDoneItems([await findPlan(store, planId)]);
        if (!stored) throw new StateError(`there is no plan ${planId} (see resrecon plans list)`);
        const set = await store.getSet(stored.setId);
        if (format === 'table') {
          const { planPage } = await import('../plan-page.ts');
          write(
            planPage({
              stored,
              set,
              decisions: await store.decisions(planId),
              outcomes: await store.itemOutcomes(planId),
              users: await store.listUsers(),
              command: invocation(program),
            }),
          );
          return;
        }
        const awaiting = awaitedDecision(stored);
        printValue({
          ...stored,
          awaiting,
          statusText: planStatusLabel(stored.status, awaiting),
          set: set && {
            rootCause: set.rootCause,
            confidence: set.confidence,
            ruleId: set.ruleId,
            evidence: set.evidence,
            members: set.members.map((m) => ({
              reservationId: m.reservationId,
              confirmationNumber: m.confirmationNumber,
              createdAt: m.createdAt,
              status: m.status,
              payments: m.payments.map(
                (p) =>
                  `${p.paymentId} ${p.status} ${formatSourceMoney(p.amount, p.currency)} (refunded ${formatSourceMoney(p.refundedAmount, p.currency)})`,
              ),
            })),
          },
          decisions: await store.decisions(planId),
          audit: await store.audit({ planId }),
        });
      });
    });

  plans
    .command('approve <planIds...>')
    .description('approve plans; several ids form a batch, which refuses flagged plans')
    .requiredOption(
      '--by <name>',
      'who approves: a user (resrecon users) with the approver or finance role; the second approval of a refund past the limit needs finance',
    )
    .option('--reason <text>', 'why')
    .option('--keep <reservationId>', 'keep this reservation instead (one plan only): the plan is recomputed')
    .action(async (planIds: string[], opts: { by: string; reason?: string; keep?: string }) => {
      if (opts.keep && planIds.length > 1)
        throw new ConfigError('--keep applies to one plan at a time', '--keep');
      const bulk = planIds.length > 1;
      await withStore(program, async (store, config) => {
        const { approvePlan, SECOND_APPROVAL_ROLE } = await import('../../decisions/index.ts');
        const rows: Record<string, unknown>[] = [];
        for (const planId of planIds) {
          try {
            const approval = {
              by: opts.by,
              bulk,
              ...(opts.reason ? { reason: opts.reason } : {}),
              ...(opts.keep ? { keepReservationId: opts.keep } : {}),
            };
            const done = await approvePlan(store, planId, approval, config.reconcile);
            if (done.plan.planId !== planId)
              info(
                `plan ${planId}: kept ${done.plan.keepReservationId} instead of the proposed booking; ` +
                  `stored as category ${WRONG_KEEP}, which counts against the rule's measured precision`,
              );
            rows.push({
              planId,
              result: done.status,
              awaiting: awaitingText(done),
              approvedPlanId: done.plan.planId,
              keep: done.plan.keepReservationId,
              error: null,
            });
          } catch (err) {
            // A user who may not decide at all is refused once, for the whole batch.
            const perPlan =
              err instanceof StateError ||
              (err instanceof PermissionError && err.role === SECOND_APPROVAL_ROLE);
            if (!perPlan || !bulk) throw err;
            rows.push({
              planId,
              result: 'REFUSED',
              awaiting: '',
              approvedPlanId: null,
              keep: null,
              error: err.message,
            });
            process.exitCode = 1;
          }
        }
        printRows(rows);
      });
    });

  plans
    .command('reject <planId>')
    .description('reject a plan: nothing of it will be carried out')
    .requiredOption('--by <name>', 'who rejects: a user (resrecon users) with the approver or finance role')
    .requiredOption('--reason <text>', 'why (required)')
    .option(
      '--category <category>',
      `why, as a category the rules are measured on: ${REJECTION_CATEGORY_CODES.join(', ')} (default ${DEFAULT_REJECTION_CATEGORY})`,
    )
    .action(async (planId: string, opts: { by: string; reason: string; category?: string }) => {
      const { rejectionCategoryOf } = await import('../../decisions/index.ts');
      // Checked before the store is opened: a typo is a usage error, and nothing is stored.
      // On a terminal a person picks one; piped, `other` is stored and said.
      const asked = opts.category ? null : await askCategory(process.stdin, process.stderr);
      const category = opts.category
        ? rejectionCategoryOf(opts.category, '--category')
        : (asked ?? DEFAULT_REJECTION_CATEGORY);
      if (!opts.category && !asked)
        info(`no --category given: stored as "${category}" (one of ${REJECTION_CATEGORY_CODES.join(', ')})`);
      await withStore(program, async (store) => {
        const { rejectPlan } = await import('../../decisions/index.ts');
        const done = await rejectPlan(store, planId, { by: opts.by, reason: opts.reason, category });
        printRows([{ planId, result: done.status, category }]);
      });
    });

  plans
    .command('export')
    .description(
      'the money still to move as CSV for finance (the format of refunds.csv): one row per refund, void or transfer',
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .option(
      '--status <statuses>',
      'plans in these statuses, comma-separated (default: APPROVED, what may be carried out now); ' +
        'rejected, superseded and executed plans have nothing left to move',
      'APPROVED',
    )
    .action(async (opts: { out?: string; status: string }) => {
      const statuses = statusList(opts.status);
      await withStore(program, async (store) => {
        const csv = await exportCsv(store, statuses);
        if (!opts.out) {
          write(csv);
          return;
        }
        const target = resolve(opts.out);
        await writeAtomic(target, csv);
        info(`wrote ${target} (${csv.trim().split('\n').length - 1} rows)`);
      });
    });
}
