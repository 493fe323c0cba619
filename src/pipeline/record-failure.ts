/** A failed run in the history, with the stage it stopped in; never hides the run's own error. */
import type { Store } from '../state/index.ts';

export async function recordFailure(
  store: Store,
  runId: string,
  err: unknown,
  stage: string,
  timings: Readonly<Record<string, number>>,
): Promise<void> {
  await store
    .recordRunFinish({
      runId,
      status: 'FAILED',
      error: err instanceof Error ? err.message : String(err),
      failedStage: stage,
      timings,
    })
    .catch(() => undefined);
}
