/**
 * How long a client waits before trying again. HTTP libraries back off 0.5-2 s with jitter
 * (doubling per attempt); people click again after a few seconds, rarely after a minute; channel
 * managers re-send on their own schedule, from half a minute to a few minutes.
 */
import type { ClientProfile } from './clients.ts';
import type { World } from './world.ts';

/** `habit` overrides the client's own: a person may tap again in an app whose library also retries. */
export function retryGapMs(
  w: World,
  client: ClientProfile,
  attempt: number,
  habit: ClientProfile['retries'] = client.retries,
): number {
  const p = w.prng;
  switch (habit) {
    case 'library':
      return Math.round(p.real(500, 2_000) * 2 ** Math.min(attempt, 2));
    case 'human':
      return Math.round(Math.min(60_000, Math.max(1_200, p.logNormal(7_000, 0.9))));
    case 'redelivery':
      return Math.round(p.real(20_000, 300_000));
    default:
      throw new Error(`unknown retry habit ${String(habit)}`);
  }
}
