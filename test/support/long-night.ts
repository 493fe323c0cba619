/**
 * A 30-day run with 43 bursts of duplicates (the runbook's incidents), built on the sample night:
 * burst `d` falls on day `d * 0.7` of the window, at its own hour, with 6 to 10 copies; burst 7 is
 * the worst (14 copies from two clients, two causes, EUR and USD at stake). For the reports'
 * incident table and the day-by-day trend.
 */
import type { LabelledSet, RunReport } from '../../src/model/index.ts';
import { makeMember, makeSet } from './make-set.ts';
import { sampleReport, sampleSets } from './sample-run.ts';

export const LONG_WINDOW = { from: '2026-10-28T03:00:00.000Z', to: '2026-11-27T03:00:00.000Z' } as const;
export const BURSTS = 43;
export const WORST_BURST = 7;

function burstSets(d: number): LabelledSet[] {
  const start = Date.UTC(2026, 9, 28 + Math.floor(d * 0.7), (d * 5) % 24, 10);
  const at = (minute: number) => new Date(start + minute * 60_000).toISOString();
  const n = d === WORST_BURST ? 14 : 6 + (d % 5);
  return Array.from({ length: n }, (_, i) => {
    const usd = d === WORST_BURST && i % 2 === 1;
    const over = {
      guestEmail: `g${d}_${i}@example.com`,
      clientId: d === WORST_BURST && i >= 10 ? 'web@2026.11.3' : 'ios-app@3.2.1',
      ...(usd ? { currency: 'USD' } : {}),
    };
    return makeSet(
      [
        makeMember(`b${d}_${i}`, at(i * 3), [{ paymentId: `pb${d}_${i}` }], over),
        makeMember(`c${d}_${i}`, at(i * 3 + 1), [{ paymentId: `pc${d}_${i}` }], over),
      ],
      d === WORST_BURST && i >= 10 ? { rootCause: 'TIMEOUT_RETRY' } : {},
    );
  });
}

/** The sample night's sets and 43 bursts, over a 30-day window. */
export function longNight(): RunReport {
  const bursts = Array.from({ length: BURSTS }, (_, d) => burstSets(d)).flat();
  return { ...sampleReport([...sampleSets(), ...bursts]), window: LONG_WINDOW };
}
