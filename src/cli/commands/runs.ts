/**
 * `resrecon runs`: the run history (nightly, watch and manual runs): window, status, sets per
 * cause, money still at stake per currency, duration, and where a failed run stopped. A table on
 * a terminal, the full records as JSON when piped.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.ts';
import type { RunKind } from '../../state/index.ts';
import { FORMAT_OPTION, outputFormat, printRows } from '../output.ts';
import { withStore } from '../with-store.ts';

const KINDS: readonly RunKind[] = ['manual', 'nightly', 'watch'];

export function register(program: Command): void {
  program
    .command('runs')
    .description('the run history: windows, counts, money at stake, stage times, status')
    .option('--limit <n>', 'how many runs, newest first', '30')
    .option('--kind <kind>', `only runs of one kind: ${KINDS.join(', ')}`)
    .option('--json', 'print the full records as JSON, even on a terminal')
    .option(...FORMAT_OPTION)
    .action(async (flags: { limit: string; kind?: string; json?: boolean; format?: string }) => {
      const format = outputFormat(flags);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new ConfigError('--limit must be a whole number above 0', '--limit');
      if (flags.kind && !KINDS.includes(flags.kind as RunKind))
        throw new ConfigError(`--kind must be one of ${KINDS.join(', ')}`, '--kind');
      await withStore(program, async (store) => {
        const runs = await store.listRuns(limit, flags.kind as RunKind | undefined);
        // JSON carries the full records; the table is one line per run in words (runRow), and
        // only the table loads the reports' room for it.
        if (format === 'json') return printRows(runs, { format });
        const { runRow } = await import('../../reports/index.ts');
        printRows(runs, { format, right: ['duplicates', 'at stake', 'took'] }, () => runs.map(runRow));
      });
    });
}
