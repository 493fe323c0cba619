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
  formatMoneyList,
  formatSourceMoney,
  isPlanStatus,
  PLAN_STATUSES,
  type PlanStatus,
  planMoney,
  planStatusLabel,
} from '../../model/index.ts';
import type { Store, StoredPlan } from '../../state/index.ts';
import { info, printRows, printValue } from '../output.ts';
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

/** One plan as a row: its money is what it still moves (planMoney), as the console and reports show it. */
function summary(s: StoredPlan): Record<string, unknown> {
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
  };
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
    .action(async (opts: { status?: string; all?: boolean; json?: boolean }) => {
      const status = statusOption(opts.status);
      await withStore(program, async (store) => {
        const { isCurrentPlan } = await import('../../state/index.ts');
        const list = await store.listPlans({
          ...(status ? { status } : {}),
          includeSuperseded: Boolean(opts.all),
        });
        const rows = (await store.withDoneItems(list)).map((s) =>
          opts.all ? { ...summary(s), current: isCurrentPlan(s) } : summary(s),
        );
        printRows(rows, { json: Boolean(opts.json) });
      });
    });

  plans
    .command('show <planId>')
    .description('one plan with its set, decisions and audit trail')
    .action(async (planId: string) => {
      await withStore(program, async (store) => {
        const stored = await findPlan(store, planId);
        const set = await store.getSet(stored.setId);
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
    .action(async (planId: string, opts: { by: string; reason: string }) => {
      await withStore(program, async (store) => {
        const { rejectPlan } = await import('../../decisions/index.ts');
        const done = await rejectPlan(store, planId, { by: opts.by, reason: opts.reason });
        printRows([{ planId, result: done.status }]);
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
          process.stdout.write(csv);
          return;
        }
        const target = resolve(opts.out);
        await writeAtomic(target, csv);
        info(`wrote ${target} (${csv.trim().split('\n').length - 1} rows)`);
      });
    });
}
