import { describe, expect, it } from 'vitest';
import { backoffDelay, retry } from './retry.ts';

/** Records the delays asked for instead of waiting them. */
function recorder() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('retry', () => {
  it('returns the first answer without waiting', async () => {
    const { delays, sleep } = recorder();
    const result = await retry({ attempts: 3, baseDelayMs: 100 }, async () => 'sent', { sleep });
    expect(result).toEqual({ ok: true, value: 'sent', attempts: 1 });
    expect(delays).toEqual([]);
  });

  it('tries again after each failure, doubling the wait, and answers with the attempt that succeeded', async () => {
    const { delays, sleep } = recorder();
    const result = await retry(
      { attempts: 5, baseDelayMs: 100 },
      async (n) => {
        if (n < 4) throw new Error(`refused ${n}`);
        return n;
      },
      { sleep },
    );
    expect(result).toEqual({ ok: true, value: 4, attempts: 4 });
    expect(delays).toEqual([100, 200, 400]);
  });

  it('gives up after the last attempt with the last error, and does not wait after it', async () => {
    const { delays, sleep } = recorder();
    const result = await retry(
      { attempts: 3, baseDelayMs: 10 },
      async (n) => {
        throw new Error(`down ${n}`);
      },
      { sleep },
    );
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(3);
    expect(!result.ok && (result.error as Error).message).toBe('down 3');
    expect(delays).toEqual([10, 20]);
  });

  it('stops at the first failure its caller says will not change', async () => {
    const { delays, sleep } = recorder();
    const calls: number[] = [];
    const result = await retry(
      { attempts: 6, baseDelayMs: 10 },
      async (n) => {
        calls.push(n);
        throw Object.assign(new Error('mailbox unavailable'), { code: n === 1 ? 421 : 550 });
      },
      { sleep, retryable: (err) => (err as { code: number }).code < 500 },
    );
    expect(calls).toEqual([1, 2]);
    expect(result).toMatchObject({ ok: false, attempts: 2 });
    expect(delays).toEqual([10]);
  });

  it('never waits longer than the ceiling', () => {
    const policy = { attempts: 8, baseDelayMs: 500, maxDelayMs: 3_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).toEqual([500, 1_000, 2_000, 3_000, 3_000]);
  });

  it('draws each jittered wait between zero and the backoff delay', async () => {
    const { delays, sleep } = recorder();
    const draws = [0, 0.5, 0.999];
    await retry(
      { attempts: 4, baseDelayMs: 100, maxDelayMs: 300, jitter: true },
      async () => {
        throw new Error('busy');
      },
      { sleep, random: () => draws.shift()! },
    );
    expect(delays).toEqual([0, 100, 0.999 * 300]);
  });

  it('waits for real when no sleep is given', async () => {
    const started = performance.now();
    const result = await retry({ attempts: 2, baseDelayMs: 30 }, async (n) => {
      if (n === 1) throw new Error('once');
      return 'done';
    });
    expect(result).toEqual({ ok: true, value: 'done', attempts: 2 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
