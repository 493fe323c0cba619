import { describe, expect, it } from 'vitest';
import { scratch } from '../../test/support/scratch.ts';
import type { NightSpan, Regression } from '../model/index.ts';
import { openStore } from '../state/index.ts';
import { regressionAlertRecord } from './regression-alert-record.ts';

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1, 2);
const night = (i: number): NightSpan => ({
  from: new Date(START + (i - 1) * DAY).toISOString(),
  to: new Date(START + i * DAY).toISOString(),
});

/** ios-app 3.5.0 regressing from night `first` to `last` (a span: a night or a watch pass's hour). */
function regression(first: number, last: NightSpan): Regression {
  return {
    client: 'ios-app',
    release: '3.5.0',
    firstNight: night(first),
    lastNight: last,
    nights: Math.round((Date.parse(last.to) - Date.parse(night(first).from)) / DAY),
    lastGoodRelease: '3.4.0',
    copies: 39,
    bookings: 1000,
    ratePerThousand: 39,
    baselinePerThousand: 2.2,
    baseline: { nights: 14, copies: 31, bookings: 14_000 },
    byCause: { NO_KEY: 39 },
    atStake: [],
    exampleSetIds: ['s1'],
  };
}

const { dir, database } = scratch('regression-alert-record');

describe('regressionAlertRecord', () => {
  it('alerts a regression once while it grows night by night and the watch passes see it, and again when it comes back after a recovery', async () => {
    const state = await database('regression_alerts');
    const store = await openStore({ stateUrl: state.url, home: dir('home') });
    try {
      const sent = async (r: Regression) => store.alertSent(regressionAlertRecord('run', r));
      expect(await sent(regression(15, night(15)))).toBe(true);
      // A watch pass in the next night's first hour, then the nights after it.
      const hour = {
        from: night(16).from,
        to: new Date(Date.parse(night(16).from) + 3_600_000).toISOString(),
      };
      expect(await sent(regression(15, hour))).toBe(false);
      expect(await sent(regression(15, night(16)))).toBe(false);
      expect(await sent(regression(15, night(17)))).toBe(false);
      // Nights 18 and 19 are good; it regresses again from night 20.
      expect(await sent(regression(20, night(20)))).toBe(true);
      expect(await sent(regression(20, night(21)))).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('alerts a regression a watch pass found in its first hour once, when the night it began in is judged whole', async () => {
    const state = await database('regression_alerts_watch');
    const store = await openStore({ stateUrl: state.url, home: dir('home') });
    try {
      const hour = {
        from: night(15).from,
        to: new Date(Date.parse(night(15).from) + 3_600_000).toISOString(),
      };
      const watched: Regression = { ...regression(15, hour), firstNight: hour };
      expect(await store.alertSent(regressionAlertRecord('watch', watched))).toBe(true);
      expect(await store.alertSent(regressionAlertRecord('run', regression(15, night(15))))).toBe(false);
    } finally {
      await store.close();
    }
  });
});
