/**
 * The extract stage: moves the booking data from the configured source into the warehouse.
 * A run's rows and its high-water marks commit in one DuckDB transaction, so a failed or
 * killed run leaves the warehouse exactly as it was.
 */

import { requireSource, type SourceConfig, sourceIdentity, type TableName } from '../config/index.ts';
import { StateError } from '../errors/index.ts';
import { TABLES, type TableDef } from '../source/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { readExtractState, writeExtractState } from './extract-state.ts';
import { readTableFile } from './files/read-files.ts';
import { loadCsvFile } from './load-csv-file.ts';
import { withLoadSettings } from './load-settings.ts';
import { olderRequests, recordLogHorizon } from './older-requests.ts';
import { readPostgres } from './postgres/read-postgres.ts';
import { LOG_MARGIN_MINUTES } from './postgres/source-queries.ts';
import { createProgress } from './progress.ts';
import { bindSource } from './source-binding.ts';

export interface ExtractOptions {
  readonly source: SourceConfig;
  readonly warehouse: Warehouse;
  /** The run's window, ISO-8601 instants, [from, to). */
  readonly window: { readonly from: string; readonly to: string };
  readonly runId: string;
  /** Reload everything instead of reading from the high-water marks. */
  readonly full?: boolean;
  /** A progress bar on a terminal (quiet when stderr is piped). */
  readonly progress?: boolean;
  /** Stops after the table being read: the transaction rolls back, the warehouse stays as it was. */
  readonly signal?: AbortSignal;
}

export interface ExtractResult {
  /**
   * Rows read from the source per reference table, and the milliseconds from the previous
   * table's end (or the start) to this one's: reading and loading overlap, so these add up to
   * the run's time rather than each measuring one table alone.
   */
  readonly tables: { table: string; rows: number; ms: number }[];
  readonly totalMs: number;
  /** True when the run read from the previous run's high-water marks. */
  readonly incremental: boolean;
  /** The marks after this run, by reference table name. */
  readonly highWater: Record<string, string | null>;
}

export async function extract(options: ExtractOptions): Promise<ExtractResult> {
  const started = performance.now();
  const { source, warehouse: wh, runId } = options;
  requireSource(source);
  const identity = sourceIdentity(source);
  const state = await readExtractState(wh);
  const incremental = source.kind === 'postgres' && !options.full && TABLES.every((t) => state.has(t.ref));
  const tables: ExtractResult['tables'] = [];
  const highWater: Record<string, string | null> = {};
  const progress = createProgress(options.progress ?? false, TABLES.length);
  let mark = performance.now();

  const finish = async (def: TableDef, rows: number): Promise<void> => {
    if (options.signal?.aborted) {
      throw new StateError(
        `extract stopped (${String(options.signal.reason)}) after ${def.ref}; the warehouse is as it was`,
      );
    }
    highWater[def.ref] = await writeExtractState(wh, def, runId, rows);
    const now = performance.now();
    tables.push({ table: def.ref, rows, ms: Math.round(now - mark) });
    mark = now;
    progress.tableDone(def.ref, rows);
  };

  try {
    await withLoadSettings(wh, () =>
      wh.transaction(async () => {
        await bindSource(wh, identity);
        if (source.kind === 'postgres') {
          const since = incremental
            ? (Object.fromEntries(TABLES.map((t) => [t.ref, state.get(t.ref) ?? '-infinity'])) as Record<
                TableName,
                string
              >)
            : null;
          const { bounds } = await readPostgres({
            source,
            since,
            window: options.window,
            load: async (def, file, rows, keyUnique) => {
              await loadCsvFile(wh, def, file, !keyUnique);
              await finish(def, rows);
            },
            olderRequests: (since) => olderRequests(wh, since, LOG_MARGIN_MINUTES),
          });
          if (!incremental) await recordLogHorizon(wh, bounds.api_logs);
        } else {
          for (const def of TABLES) await finish(def, await readTableFile(wh, source.dir, def));
        }
      }),
    );
  } finally {
    progress.stop();
  }
  return { tables, totalMs: Math.round(performance.now() - started), incremental, highWater };
}
