/**
 * What to fix first for a run: the clients' nights the state store holds for the engineering
 * trend's period, ranked. The pipeline reads them after the run recorded its own nights, so
 * tonight's copies are in the ranking; a store that holds none yet gives an empty ranking, and
 * the report says nothing is recorded yet rather than that no client needs a fix.
 */
import { rankClients } from '../feedback/index.ts';
import type { FixFirst } from '../model/index.ts';
import { type RunHistoryEntry, trendPeriod } from '../reports/index.ts';
import type { Store } from '../state/index.ts';

export async function fixFirstOf(
  store: Pick<Store, 'clientNights'>,
  run: { readonly runId: string; readonly window: { readonly from: string; readonly to: string } },
  history: readonly RunHistoryEntry[],
): Promise<FixFirst> {
  const period = trendPeriod(run, history);
  return rankClients(await store.clientNights(period.from, period.to), period);
}
