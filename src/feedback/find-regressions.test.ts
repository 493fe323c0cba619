import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded-random.ts';
import type { ClientNight } from '../model/index.ts';
import { findRegressions, REGRESSION_DEFAULTS } from './find-regressions.ts';
import { poissonTail } from './poisson-tail.ts';

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 9, 1, 2);

/** Night `i` (1-based): 02:00 to 02:00 UTC, as the nightly job's windows run. */
const span = (i: number) => ({
  from: new Date(START + (i - 1) * DAY_MS).toISOString(),
  to: new Date(START + i * DAY_MS).toISOString(),
});

function night(
  i: number,
  clientId: string,
  bookings: number,
  copies: number,
  over: Partial<ClientNight> = {},
) {
  return {
    ...span(i),
    clientId,
    bookings,
    copies,
    byCause: copies > 0 ? { NO_KEY: copies } : {},
    atStake: copies > 0 ? [{ currency: 'EUR', amount: `${copies * 100}.00`, count: copies }] : [],
    exampleSetIds: copies > 0 ? [`set-${clientId}-${i}`] : [],
    ...over,
  } satisfies ClientNight;
}

/**
 * ios-app at 3.4.0 makes ~2 copies per 1000 bookings; from night 15 most of its bookings come
 * from 3.5.0, which re-sends without keys: ~40 per 1000.
 */
function iosNights(nights: number, regressFrom: number, lastNight = nights): ClientNight[] {
  const out: ClientNight[] = [];
  for (let i = 1; i <= nights; i++) {
    if (i < regressFrom || i > lastNight) {
      out.push(night(i, 'ios-app@3.4.0', 1000, i % 3 === 0 ? 3 : 2));
    } else {
      out.push(night(i, 'ios-app@3.4.0', 300, 1));
      out.push(night(i, 'ios-app@3.5.0', 700, 39, { byCause: { NO_KEY: 35, TIMEOUT_RETRY: 4 } }));
    }
  }
  return out;
}

/** web, steady at 5 +- 2 copies per 1000 bookings, never regressing. */
function webNights(nights: number): ClientNight[] {
  const random = seededRandom('steady client');
  return Array.from({ length: nights }, (_, k) => {
    const bookings = 900 + Math.floor(random.next() * 200);
    const copies = Math.round((bookings / 1000) * (3 + random.next() * 4));
    return night(k + 1, 'web@2.0.1', bookings, copies);
  });
}

const nightsBefore = (nights: readonly ClientNight[], i: number) =>
  nights.filter((n) => n.from < span(i).from);
const nightsFrom = (nights: readonly ClientNight[], i: number) =>
  nights.filter((n) => n.from >= span(i).from);

describe('findRegressions', () => {
  it('finds a release that takes its client from ~2 to ~40 copies per 1000 on night 15 of 20, naming the release and the night', () => {
    const all = [...iosNights(20, 15), ...webNights(20)];
    const found = findRegressions(nightsBefore(all, 15), nightsFrom(all, 15), REGRESSION_DEFAULTS);
    expect(found).toHaveLength(1);
    const [r] = found;
    expect(r).toMatchObject({
      client: 'ios-app',
      release: '3.5.0',
      lastGoodRelease: '3.4.0',
      firstNight: span(15),
      lastNight: span(20),
      nights: 6,
      copies: 240,
      bookings: 6000,
      ratePerThousand: 40,
      byCause: { NO_KEY: 216, TIMEOUT_RETRY: 24 },
      atStake: [{ currency: 'EUR', amount: '24000.00', count: 240 }],
    });
    expect(r!.baselinePerThousand).toBeGreaterThan(2);
    expect(r!.baselinePerThousand).toBeLessThan(3);
    expect(r!.baseline.nights).toBe(14);
    expect(r!.exampleSetIds).toEqual(expect.arrayContaining(['set-ios-app@3.5.0-15']));
  });

  it('names the same first night when a later night is judged against the nights stored before it', () => {
    const all = iosNights(20, 15);
    for (const judged of [16, 18, 20]) {
      const found = findRegressions(
        nightsBefore(all, judged),
        all.filter((n) => n.from === span(judged).from),
        REGRESSION_DEFAULTS,
      );
      expect(found.map((r) => [r.release, r.firstNight, r.lastNight])).toEqual([
        ['3.5.0', span(15), span(judged)],
      ]);
    }
  });

  it('still reports a regression lasting 30 nights on its 30th night, from its first night, however its nights are judged', () => {
    const all = iosNights(44, 15);
    const lastOnly = findRegressions(
      nightsBefore(all, 44),
      all.filter((n) => n.from === span(44).from),
      REGRESSION_DEFAULTS,
    );
    expect(lastOnly.map((r) => [r.release, r.firstNight, r.lastNight, r.nights])).toEqual([
      ['3.5.0', span(15), span(44), 30],
    ]);
    expect(lastOnly[0]!.baselinePerThousand).toBeLessThan(3);
    const allJudged = findRegressions([], all, REGRESSION_DEFAULTS);
    expect(allJudged.map((r) => [r.firstNight, r.lastNight])).toEqual([[span(15), span(44)]]);
  });

  it('ends a regression on the first night back near the baseline, and finds the next one anew', () => {
    const back = iosNights(44, 15, 24);
    const again = [
      ...back.filter((n) => n.from < span(35).from),
      ...iosNights(44, 35).filter((n) => n.from >= span(35).from),
    ];
    const found = findRegressions([], again, REGRESSION_DEFAULTS);
    expect(found.map((r) => [r.firstNight, r.lastNight])).toEqual([
      [span(15), span(24)],
      [span(35), span(44)],
    ]);
  });

  it('never finds a steady client whose rate wanders between 3 and 7 per 1000', () => {
    const all = webNights(20);
    for (let i = 2; i <= 20; i++)
      expect(findRegressions(nightsBefore(all, i), nightsFrom(all, i), REGRESSION_DEFAULTS)).toEqual([]);
    expect(findRegressions([], all, REGRESSION_DEFAULTS)).toEqual([]);
  });

  it('does not find a client with too few copies, however clean its baseline', () => {
    const all = Array.from({ length: 20 }, (_, k) => night(k + 1, 'kiosk@1.0', 100, k + 1 === 15 ? 4 : 0));
    expect(findRegressions(nightsBefore(all, 15), nightsFrom(all, 15), REGRESSION_DEFAULTS)).toEqual([]);
    // Five copies on a clean baseline are enough, and unlikely enough.
    const five = all.map((n, k) => (k + 1 === 15 ? night(15, 'kiosk@1.0', 100, 5) : n));
    expect(
      findRegressions(nightsBefore(five, 15), nightsFrom(five, 15), REGRESSION_DEFAULTS).map(
        (r) => r.firstNight,
      ),
    ).toEqual([span(15)]);
  });

  it('reports a regression lasting three nights once, from its first night', () => {
    const all = iosNights(20, 15, 17);
    const found = findRegressions(nightsBefore(all, 10), nightsFrom(all, 10), REGRESSION_DEFAULTS);
    expect(found.map((r) => [r.firstNight, r.lastNight, r.nights, r.copies])).toEqual([
      [span(15), span(17), 3, 120],
    ]);
  });

  it('says the release is unchanged when the regressing release is the last good one', () => {
    const all = Array.from({ length: 16 }, (_, k) => night(k + 1, 'android@7.1', 1000, k + 1 >= 15 ? 30 : 2));
    const [r] = findRegressions(nightsBefore(all, 15), nightsFrom(all, 15), REGRESSION_DEFAULTS);
    expect(r).toMatchObject({
      client: 'android',
      release: '7.1',
      lastGoodRelease: '7.1',
      firstNight: span(15),
    });
  });

  it('does not judge a client without enough nights of baseline, nor bookings no request is linked to', () => {
    const young = [
      night(1, 'new-app@1.0', 1000, 0),
      night(2, 'new-app@1.0', 1000, 0),
      night(3, 'new-app@1.0', 1000, 90),
    ];
    expect(findRegressions([], young, REGRESSION_DEFAULTS)).toEqual([]);
    const none = Array.from({ length: 16 }, (_, k) => night(k + 1, '(none)', 1000, k + 1 === 16 ? 90 : 1));
    expect(findRegressions([], none, REGRESSION_DEFAULTS)).toEqual([]);
  });

  it('counts a stored night toward the fewest nights of baseline only when it spans half a day, its copies always', () => {
    // A catch-up window of two days and one hour stored nights 1 and 2 and an hour of night 3.
    const hour = { from: span(3).from, to: new Date(START + 2 * DAY_MS + 3_600_000).toISOString() };
    const rest = { from: hour.to, to: span(3).to };
    const stored = [
      night(1, 'ios-app@3.4.0', 1000, 2),
      night(2, 'ios-app@3.4.0', 1000, 2),
      { ...night(3, 'ios-app@3.4.0', 50, 1), ...hour },
    ];
    const judged = [
      { ...night(3, 'ios-app@3.4.0', 300, 1), ...rest },
      { ...night(3, 'ios-app@3.5.0', 700, 39), ...rest },
    ];
    expect(findRegressions(stored, judged, REGRESSION_DEFAULTS)).toEqual([]);
    // A third whole night makes the baseline; the hour's copies and bookings stay in its sums.
    const whole = [night(0, 'ios-app@3.4.0', 1000, 2), ...stored];
    const [r] = findRegressions(whole, judged, REGRESSION_DEFAULTS);
    expect(r?.baseline).toEqual({ nights: 3, copies: 7, bookings: 3050 });
  });

  it('lets a judged night replace a stored night it overlaps', () => {
    const all = iosNights(16, 16);
    const stored = [...nightsBefore(all, 16), night(16, 'ios-app@3.5.0', 1000, 200)];
    const rerun = [night(16, 'ios-app@3.4.0', 1000, 2)];
    expect(findRegressions(stored, rerun, REGRESSION_DEFAULTS)).toEqual([]);
  });
});

describe('poissonTail', () => {
  it('gives the upper tail of a Poisson count, in the far tail too', () => {
    expect(poissonTail(0, 3)).toBe(1);
    // P(X >= 1) = 1 - e^-2; P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2)
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 12);
    expect(poissonTail(2, 5)).toBeCloseTo(1 - Math.exp(-5) * 6, 12);
    // 40 copies where 2 are expected: about 1.3e-36, far below what 1 - (lower sum) can say.
    const far = poissonTail(40, 2);
    expect(far).toBeGreaterThan(1e-37);
    expect(far).toBeLessThan(1e-35);
    expect(poissonTail(5, 0)).toBe(0);
  });
});
