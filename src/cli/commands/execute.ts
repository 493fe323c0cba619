/**
 * `resrecon execute [PLAN…] [--dry-run]`: carries out APPROVED plans (or the named ones)
 * through the booking API, exactly once, then validates them. One line per plan; with
 * --dry-run, every call it would make with its body, and nothing changes. Exit status 1 when a
 * plan failed or was left to resume.
 */
import type { Command } from 'commander';
import { ExternalError } from '../../errors/index.ts';
import { info, printRows } from '../output.ts';
import { commandConfig } from '../with-store.ts';

interface ExecuteFlags {
  dryRun?: boolean;
}

export function register(program: Command): void {
  program
    .command('execute')
    .description('carry out approved plans through the booking API, exactly once, then validate')
    .argument('[plan...]', 'plan ids (default: every APPROVED plan, and any left EXECUTING)')
    .option('--dry-run', 'print every call it would make, with bodies, and change nothing')
    .action(async (planIds: string[], flags: ExecuteFlags) => {
      const { executePlans } = await import('../../execute/index.ts');
      const config = await commandConfig(program);
      const results = await executePlans({ config, planIds, dryRun: flags.dryRun ?? false, log: info });
      if (flags.dryRun) {
        const base = config.bookingApi?.url ?? '<RESRECON_BOOKING_API_URL>';
        printRows(
          results.flatMap((r) =>
            r.calls.length === 0
              ? [{ plan: r.planId, call: '', 'idempotency-key': '', body: r.detail }]
              : r.calls.map((c) => ({
                  plan: r.planId,
                  call: `${c.method} ${base.replace(/\/$/, '')}${c.path}`,
                  'idempotency-key': c.itemId,
                  body: c.body ? JSON.stringify(c.body) : '',
                })),
          ),
        );
        return;
      }
      printRows(results.map((r) => ({ plan: r.planId, outcome: r.outcome, detail: r.detail })));
      const open = results.filter((r) => r.outcome === 'FAILED' || r.outcome === 'PENDING');
      if (open.length > 0) {
        throw new ExternalError(
          `${open.length} plan(s) not carried out to the end: ${open.map((r) => `${r.planId} ${r.outcome}`).join(', ')}`,
          'booking API',
        );
      }
    });
}
