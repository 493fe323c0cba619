/**
 * Stable ids. A plan id is derived from the set and its content, so the same set seen again
 * yields the same plan id and a changed set a new one. An item id is derived from the plan id,
 * the item's kind and the ids it acts on; the executor sends it as the idempotency key, so
 * carrying out an item twice is harmless.
 */
import { hash } from 'node:crypto';

function digest(parts: readonly string[]): string {
  // A separator that cannot occur in ids keeps ["ab","c"] and ["a","bc"] apart. The one-shot
  // hash is twice as fast as a Hash object for inputs this short, and a night makes 100,000s.
  return hash('sha256', parts.join('\u0000'), 'hex');
}

/** `plan-` and 20 hex digits: short enough to type, long enough never to collide in practice. */
export function planIdFor(setId: string, contentHash: string, keepOverride: string | null): string {
  return `plan-${digest(['plan', setId, contentHash, keepOverride ?? '']).slice(0, 20)}`;
}

export type ItemKind = 'cancel' | 'refund' | 'void' | 'transfer' | 'release' | 'notify';

/** `<kind>-` and 32 hex digits over the plan id, the kind and the ids acted on. */
export function itemIdFor(planId: string, kind: ItemKind, ...ids: readonly string[]): string {
  return `${kind}-${digest([planId, kind, ...ids]).slice(0, 32)}`;
}
