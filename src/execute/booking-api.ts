/**
 * One call to the booking API, retried until it has an answer that will not change: a 2xx is
 * done (a replay under the same key answers with the original result); another 4xx than 409 is
 * refused for good; a 409 (in progress), a 5xx, a timeout or a network error is retried with
 * exponential backoff and full jitter, always under the same Idempotency-Key, so no retry can
 * act twice. When the retries run out the outcome is unknown: the item stays to do, and the next
 * `execute` asks again under the same key.
 */
import { redactUrl } from '../config/index.ts';
import { retry } from '../io/index.ts';
import type { ApiCall } from './api-calls.ts';

export interface ApiOptions {
  readonly url: string;
  readonly token: string | null;
  readonly timeoutMs: number;
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

export type ApiAnswer = (
  | { readonly outcome: 'done' | 'refused'; readonly status: number; readonly body: string }
  | { readonly outcome: 'unknown'; readonly why: string }
) & {
  readonly attempts: number;
  /** Each attempt's answer: the HTTP status, or what went wrong. */
  readonly trail: readonly string[];
};

export async function callApi(api: ApiOptions, call: ApiCall): Promise<ApiAnswer> {
  const attempts = api.attempts ?? 6;
  const policy = {
    attempts,
    baseDelayMs: api.baseDelayMs ?? 500,
    maxDelayMs: api.maxDelayMs ?? 15_000,
    jitter: true,
  };
  const url = new URL(call.path.replace(/^\//, ''), api.url.endsWith('/') ? api.url : `${api.url}/`);
  const trail: string[] = [];
  // Every attempt carries the same Idempotency-Key (the item's id): a retry can never act twice.
  const answered = await retry(policy, async () => {
    let res: Response;
    let body: string;
    try {
      res = await fetch(url, {
        method: call.method,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': call.itemId,
          ...(api.token ? { authorization: `Bearer ${api.token}` } : {}),
        },
        ...(call.body ? { body: JSON.stringify(call.body) } : {}),
        signal: AbortSignal.timeout(api.timeoutMs),
      });
      body = await res.text();
    } catch (err) {
      const why =
        (err as Error).name === 'TimeoutError'
          ? `no answer within ${api.timeoutMs} ms`
          : (err as Error).message;
      trail.push(why);
      throw new Error(why, { cause: err });
    }
    trail.push(String(res.status));
    if (res.ok) return { outcome: 'done' as const, status: res.status, body };
    if (res.status !== 409 && res.status < 500)
      return { outcome: 'refused' as const, status: res.status, body };
    // 409 (in progress) and 5xx: asked again, as is every failure to get an answer.
    throw new Error(`HTTP ${res.status}`);
  });
  if (answered.ok) return { ...answered.value, attempts: answered.attempts, trail };
  return {
    outcome: 'unknown',
    why: `${(answered.error as Error).message} from ${redactUrl(url.toString())} after ${attempts} attempts`,
    attempts,
    trail,
  };
}
