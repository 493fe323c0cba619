/**
 * After a run: removes earlier runs' output folders beyond the retention limits (pruneOutputs)
 * and says so in the run's log, one line per folder removed or held back for a reason a person
 * should know. Retention never fails a run: the run's own work is done and recorded by now, and a
 * folder left for tonight is removed tomorrow.
 */
import type { ResolvedConfig } from '../config/index.ts';
import { type PruneResult, pruneOutputs } from '../reports/index.ts';
import type { Store } from '../state/index.ts';

function line(r: PruneResult): string | null {
  if (r.outcome === 'removed') return `  removed run ${r.runId}'s output folder ${r.outDir} (retention)`;
  if (r.outcome === 'failed')
    return `  could not remove run ${r.runId}'s output folder ${r.outDir}: ${r.error}`;
  switch (r.reason) {
    case 'unsent mail':
      return `  kept run ${r.runId}'s output folder ${r.outDir} beyond retention: its outbox holds mail the server has still to take (run --resend ${r.runId})`;
    case 'not its output':
      return `  left ${r.outDir} alone: it holds no report.json of run ${r.runId}, so it is not that run's output`;
    case 'holds a kept folder':
      return `  left ${r.outDir} alone: a folder that is kept (another run's output or the home) is inside it`;
    // Nothing a person needs to hear: the folder is this run's, the last one, in use, or gone.
    case 'running':
    case 'current run':
    case 'last run':
    case 'gone':
      return null;
    default:
      throw new Error(`no wording for kept reason ${String(r.reason satisfies never)}`);
  }
}

export async function retainOutputs(
  store: Store,
  config: ResolvedConfig,
  current: { readonly runId: string; readonly outDir: string },
  log: (line: string) => void,
): Promise<readonly PruneResult[]> {
  try {
    const results = await pruneOutputs({
      store,
      keepRuns: config.reports.keepRuns,
      keepDays: config.reports.keepDays,
      home: config.home,
      current,
    });
    for (const r of results) {
      const text = line(r);
      if (text) log(text);
    }
    return results;
  } catch (err) {
    log(`  could not remove old output folders: ${(err as Error).message}`);
    return [];
  }
}
