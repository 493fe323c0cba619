/**
 * The warehouse's retention as the run applies it: after the rules, the warehouse lets go of
 * what no later run needs (applyRetention), and once the run has closed it, the file is
 * rewritten when it is mostly free space (compactWarehouse). Neither ever fails the night: the
 * sets are found by then, and a retention that could not run is tried again by the next run.
 */
import { existsSync } from 'node:fs';
import type { ResolvedConfig } from '../config/index.ts';
import {
  applyRetention,
  compactionDue,
  compactWarehouse,
  RETAINED_TABLES,
  type RetentionResult,
  type Warehouse,
} from '../warehouse/index.ts';

export interface RetainInput {
  readonly warehouse: Warehouse;
  readonly config: ResolvedConfig;
  readonly window: { readonly from: string; readonly to: string };
  /** Reservations kept whatever their stay: pending plans' and the sets' just found. */
  readonly keep: readonly string[];
  readonly log: (line: string) => void;
  /** Moves the log horizon to the cut, in the deletes' transaction (a PostgreSQL source only). */
  readonly moveLogHorizon?: (cut: string) => Promise<void>;
}

export async function retainWarehouse(input: RetainInput): Promise<RetentionResult | null> {
  const { stayMarginDays, logDays } = input.config.warehouse.retention;
  try {
    const result = await applyRetention(input.warehouse, {
      to: input.window.to,
      stayMarginDays,
      logDays,
      keep: input.keep,
      ...(input.moveLogHorizon ? { withCut: input.moveLogHorizon } : {}),
    });
    input.log(
      `  retention: let go of ${RETAINED_TABLES.map((t) => `${t} ${result.deleted[t]}`).join(', ')} (${result.ms} ms)`,
    );
    return result;
  } catch (err) {
    input.log(`  retention: nothing was let go (${(err as Error).message}); the next run tries again`);
    return null;
  }
}

const MIB = 2 ** 20;

/**
 * Whether the warehouse, still open after retention, is due a compaction once the run closes it.
 * Like compaction itself this never fails the night: a warehouse DuckDB gave up on (a disk that
 * filled during retention) is simply not compacted, and the stage that needs the disk says so.
 */
export async function compactionDueAfterRun(warehouse: Warehouse, config: ResolvedConfig): Promise<boolean> {
  try {
    return (await compactionDue(warehouse, { ratio: config.warehouse.retention.compactRatio })).due;
  } catch {
    return false;
  }
}

/** Rewrites the closed warehouse when it is more than compactRatio times its data. */
export async function compactAfterRun(config: ResolvedConfig, log: (line: string) => void): Promise<void> {
  if (!existsSync(config.warehousePath)) return;
  const result = await compactWarehouse(config.warehousePath, {
    ratio: config.warehouse.retention.compactRatio,
    memoryLimit: config.warehouse.memoryLimit,
  });
  if (result.status === 'compacted') {
    log(
      `  compaction: the warehouse went from ${(result.beforeBytes / MIB).toFixed(1)} MiB to ${(result.afterBytes / MIB).toFixed(1)} MiB (${result.ms} ms)`,
    );
  } else if (result.status === 'failed') {
    log(`  compaction: the warehouse was left as it was (${result.error})`);
  }
}
