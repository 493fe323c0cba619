/** A run of the history as one line for a person: the `runs` command's table and the console's. */
import { formatMoneyList } from '../model/index.ts';
import type { RunRecord } from '../state/index.ts';

function duration(r: RunRecord): string {
  if (!r.finishedAt) return 'running';
  const s = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
  return s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

function causes(r: RunRecord): string {
  const by = r.counts?.byRootCause;
  if (!by) return '';
  return Object.entries(by)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

/** One line per run for a person. */
export function runRow(r: RunRecord): Record<string, string | number> {
  return {
    run: r.runId,
    kind: r.kind,
    window: `${r.window.from.slice(0, 19).replace('T', ' ')} .. ${r.window.to.slice(0, 19).replace('T', ' ')}`,
    status: r.status,
    duplicates: r.counts?.duplicateSets ?? '',
    causes: causes(r),
    'at stake': formatMoneyList(r.counts?.moneyAtStake ?? []),
    took: duration(r),
    // A folder retention removed is said to be so, not shown as a path that leads nowhere.
    output: r.outRemovedAt ? 'removed' : (r.outDir ?? ''),
    error: r.error ? `${r.failedStage ?? ''}${r.failedStage ? ': ' : ''}${r.error}` : '',
  };
}
