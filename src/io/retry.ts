/**
 * One retry loop with exponential backoff for every call that leaves the process (the booking
 * API, the SMTP server, an alert webhook). Each caller keeps its own answer to "is this failure
 * worth another attempt": the loop only counts attempts and waits between them. It never throws
 * the failure: it returns the value or the last error with the attempts made, so a caller can
 * say how many there were.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubles after each failure. */
  readonly baseDelayMs: number;
  /** Ceiling on one delay; none when absent. */
  readonly maxDelayMs?: number;
  /**
   * Full jitter: each delay is drawn between zero and the backoff delay, so many callers that
   * failed together do not come back together.
   */
  readonly jitter?: boolean;
}

export type Retried<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number };

export interface RetryHooks {
  /** Whether a failure is worth another attempt; every failure is when absent. */
  readonly retryable?: (error: unknown) => boolean;
  /** How to wait; tests record the delays instead of waiting them. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter; Math.random when absent. */
  readonly random?: () => number;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The wait after the given failed attempt (1 for the first), before jitter's draw is applied. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const delay = policy.baseDelayMs * 2 ** (attempt - 1);
  return policy.maxDelayMs === undefined ? delay : Math.min(policy.maxDelayMs, delay);
}

/** Calls `attempt` (numbered from 1) until it returns, a failure is not retryable or the attempts run out. */
export async function retry<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  hooks: RetryHooks = {},
): Promise<Retried<T>> {
  const sleep = hooks.sleep ?? wait;
  const random = hooks.random ?? Math.random;
  let error: unknown;
  let n = 0;
  while (n < policy.attempts) {
    n += 1;
    try {
      return { ok: true, value: await attempt(n), attempts: n };
    } catch (err) {
      error = err;
      if (n >= policy.attempts || (hooks.retryable && !hooks.retryable(err))) break;
      const delay = backoffDelay(policy, n);
      await sleep(policy.jitter ? random() * delay : delay);
    }
  }
  return { ok: false, error, attempts: n };
}
