import { describe, expect, it } from 'vitest';
import { type ClientNight, runbookFix } from '../model/index.ts';
import { rankClients } from './rank-clients.ts';

const PERIOD = { from: '2026-11-01T00:00:00Z', to: '2026-11-04T00:00:00Z' };
const DAY = ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];

/** The night of day `d` (0 is the day before the period) for one client. */
function night(d: number, clientId: string, over: Partial<ClientNight> = {}): ClientNight {
  return {
    from: `${DAY[d]}T00:00:00Z`,
    to: `${DAY[d + 1] ?? '2026-11-05'}T00:00:00Z`,
    clientId,
    bookings: 100,
    copies: 0,
    byCause: {},
    atStake: [],
    exampleSetIds: [],
    ...over,
  };
}

describe('rankClients', () => {
  it('ranks clients (release included) by their copies over the period and leaves out those without any', () => {
    const ranked = rankClients(
      [
        night(1, 'ios-app@3.4.0', { copies: 2, byCause: { NO_KEY: 2 } }),
        night(2, 'ios-app@3.4.0', { copies: 5, byCause: { NO_KEY: 5 } }),
        night(1, 'ios-app@3.3.1', { copies: 1, byCause: { NO_KEY: 1 } }),
        night(2, 'web', { copies: 3, byCause: { RACE: 3 } }),
        night(2, 'android@2.0', { copies: 0 }),
      ],
      PERIOD,
    );
    expect(ranked.rows.map((r) => [r.clientId, r.client, r.release, r.copies])).toEqual([
      ['ios-app@3.4.0', 'ios-app', '3.4.0', 7],
      ['web', 'web', null, 3],
      ['ios-app@3.3.1', 'ios-app', '3.3.1', 1],
    ]);
    expect(ranked.nights).toBe(2);
  });

  it('counts only the nights wholly inside the period', () => {
    const ranked = rankClients(
      [
        night(0, 'web', { copies: 9, byCause: { NO_KEY: 9 } }),
        night(1, 'web', { copies: 1, byCause: { NO_KEY: 1 } }),
        night(3, 'web', { copies: 2, byCause: { NO_KEY: 2 } }),
        night(4, 'web', { copies: 9, byCause: { NO_KEY: 9 } }),
      ],
      PERIOD,
    );
    expect(ranked.period).toEqual(PERIOD);
    expect(ranked.nights).toBe(2);
    expect(ranked.rows[0]).toMatchObject({
      copies: 3,
      bookings: 200,
      perThousand: 15,
      firstNight: { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' },
      lastNight: { from: '2026-11-03T00:00:00Z', to: '2026-11-04T00:00:00Z' },
    });
  });

  it('adds money at stake exactly per currency and never across currencies', () => {
    const ranked = rankClients(
      [
        night(1, 'web', {
          copies: 1,
          byCause: { NO_KEY: 1 },
          atStake: [
            { currency: 'EUR', amount: '0.10', count: 1 },
            { currency: 'JPY', amount: '38400.00', count: 1 },
          ],
        }),
        night(2, 'web', {
          copies: 1,
          byCause: { NO_KEY: 1 },
          atStake: [{ currency: 'EUR', amount: '0.20', count: 2 }],
        }),
      ],
      PERIOD,
    );
    expect(ranked.rows[0]!.atStake).toEqual([
      { currency: 'EUR', amount: '0.30', count: 3 },
      { currency: 'JPY', amount: '38400.00', count: 1 },
    ]);
    expect(ranked.mainCurrency).toBe('EUR');
  });

  it('breaks a tie in copies by the money in the main currency, then by payments at stake, then by id', () => {
    const eur = (amount: string, count = 1) => [{ currency: 'EUR', amount, count }];
    const ranked = rankClients(
      [
        night(1, 'a-small', { copies: 2, byCause: { NO_KEY: 2 }, atStake: eur('50.00', 2) }),
        night(1, 'b-large', { copies: 2, byCause: { NO_KEY: 2 }, atStake: eur('900.00') }),
        // JPY amounts are not EUR: 100,000 yen does not outrank 50 euros.
        night(1, 'c-yen', {
          copies: 2,
          byCause: { NO_KEY: 2 },
          atStake: [{ currency: 'JPY', amount: '100000.00', count: 1 }],
        }),
        night(1, 'd-none', { copies: 2, byCause: { NO_KEY: 2 } }),
        night(1, 'e-yen-two', {
          copies: 2,
          byCause: { NO_KEY: 2 },
          atStake: [{ currency: 'JPY', amount: '1.00', count: 2 }],
        }),
        night(1, 'z-more', { copies: 3, byCause: { NO_KEY: 3 } }),
      ],
      PERIOD,
    );
    expect(ranked.mainCurrency).toBe('EUR');
    expect(ranked.rows.map((r) => r.clientId)).toEqual([
      'z-more',
      'b-large',
      'a-small',
      'e-yen-two',
      'c-yen',
      'd-none',
    ]);
  });

  it('names the cause behind most copies, with the mix, and the runbook fix for that cause', () => {
    const ranked = rankClients(
      [
        night(1, 'partner', { copies: 3, byCause: { NO_KEY: 1, TIMEOUT_RETRY: 2 } }),
        night(2, 'partner', { copies: 3, byCause: { TIMEOUT_RETRY: 2, UNKNOWN: 1 } }),
      ],
      PERIOD,
    );
    const row = ranked.rows[0]!;
    expect(row.cause).toBe('TIMEOUT_RETRY');
    expect(row.causes).toEqual([
      { cause: 'TIMEOUT_RETRY', copies: 4 },
      { cause: 'NO_KEY', copies: 1 },
      { cause: 'UNKNOWN', copies: 1 },
    ]);
    expect(row.fix).toEqual(runbookFix('TIMEOUT_RETRY'));
    expect(row.fix.text).toContain("Raise the gateway's");
  });

  it('gives a tie between causes to a known cause over UNKNOWN, in the runbook order', () => {
    const ranked = rankClients(
      [night(1, 'web', { copies: 4, byCause: { UNKNOWN: 2, MISSING_DEDUP: 2 } })],
      PERIOD,
    );
    expect(ranked.rows[0]!.cause).toBe('MISSING_DEDUP');
    expect(ranked.rows[0]!.fix.title).toBe('Deduplicate bookings server-side');
  });

  it('lists a few example sets, newest night first, each once', () => {
    const ranked = rankClients(
      [
        night(1, 'web', { copies: 2, byCause: { NO_KEY: 2 }, exampleSetIds: ['set-1a', 'set-1b'] }),
        night(2, 'web', { copies: 1, byCause: { NO_KEY: 1 }, exampleSetIds: ['set-2a'] }),
        night(3, 'web', { copies: 2, byCause: { NO_KEY: 2 }, exampleSetIds: ['set-3a', 'set-2a'] }),
      ],
      PERIOD,
    );
    expect(ranked.rows[0]!.exampleSetIds).toEqual(['set-3a', 'set-2a', 'set-1a']);
  });

  it('leaves the rate out when the nights counted no booking of the client', () => {
    const ranked = rankClients(
      [night(1, '(none)', { bookings: 0, copies: 1, byCause: { UNKNOWN: 1 } })],
      PERIOD,
    );
    expect(ranked.rows[0]).toMatchObject({ clientId: '(none)', release: null, perThousand: null });
  });

  it('reads copies above the bookings counted as bookings, as the regressions do, so the rate never passes 1000 per 1000', () => {
    const ranked = rankClients(
      [night(1, 'kiosk@1.0', { bookings: 3, copies: 7, byCause: { NO_KEY: 7 } })],
      PERIOD,
    );
    expect(ranked.rows[0]).toMatchObject({
      clientId: 'kiosk@1.0',
      copies: 7,
      bookings: 3,
      perThousand: 1000,
    });
  });

  it('says nothing is recorded when the store holds no night of the period', () => {
    expect(rankClients([], PERIOD)).toEqual({ period: PERIOD, nights: 0, mainCurrency: null, rows: [] });
  });
});
