/** Takes the run lock or says, in one line, who holds it and since when. */
import { StateError } from '../errors/index.ts';
import type { RunLock, Store } from './index.ts';

export async function takeRunLock(store: Store, what: string): Promise<RunLock> {
  const attempt = await store.tryLockRuns();
  if ('lock' in attempt) return attempt.lock;
  const who = attempt.heldBy ? ` (${attempt.heldBy.holder}, since ${attempt.heldBy.since})` : '';
  throw new StateError(
    `another run is in progress on this state store${who}; this ${what} was not started: ` +
      'wait for it to finish, or see `resrecon runs`',
  );
}
