/**
 * Progress of a run for people at a terminal: a bar over the tables with the rows loaded so far.
 * Silent when stderr is not a terminal (piped, in CI, in tests), so logs stay clean.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  tableDone(table: string, rows: number): void;
  stop(): void;
}

export function createProgress(enabled: boolean, tables: number): Progress {
  if (!enabled || !process.stderr.isTTY) return { tableDone: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'extract |{bar}| {value}/{total} tables | {rows} rows | {table}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let rows = 0;
  bar.start(tables, 0, { rows: 0, table: '' });
  return {
    tableDone(table, n) {
      rows += n;
      bar.increment(1, { rows: rows.toLocaleString('en'), table });
    },
    stop: () => bar.stop(),
  };
}
