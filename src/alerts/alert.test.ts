import { describe, expect, it } from 'vitest';
import { type Regression, runbookFix } from '../model/index.ts';
import {
  alertText,
  burstAlert,
  failureAlert,
  mailFailedAlert,
  regressionAlert,
  webhookBody,
} from './index.ts';

const window = { from: '2026-11-09T02:00:00.000Z', to: '2026-11-10T02:00:00.000Z' };

describe('alerts', () => {
  it('says what a failed run left behind, by the stage it stopped in', () => {
    expect(alertText(failureAlert('r1', 'nightly', window, 'extract', 'boom'))).toContain(
      'The warehouse and the state store are as they were before the run.',
    );
    expect(alertText(failureAlert('r1', 'nightly', window, 'rules', 'boom'))).toContain(
      'no plans were stored',
    );
    expect(alertText(failureAlert('r1', 'nightly', window, 'render', 'boom'))).toContain(
      'Its plans are stored',
    );
    // Counting each client's bookings comes before planning: nothing of the plans is stored yet.
    const bookings = alertText(failureAlert('r1', 'nightly', window, 'bookings', 'boom'));
    expect(bookings).toContain(
      'The rows it read from the source are in the warehouse; no plans were stored.',
    );
    expect(bookings).not.toContain('Its plans are stored');
    for (const stage of ['retention', 'compact', 'precision'])
      expect(alertText(failureAlert('r1', 'nightly', window, stage, 'boom'))).toContain(
        'no plans were stored',
      );
    expect(alertText(failureAlert('r1', 'nightly', window, 'regressions', 'boom'))).toContain(
      'Its plans are stored',
    );
  });

  it('tells how to run the failed window by hand', () => {
    expect(alertText(failureAlert('r1', 'nightly', window, 'extract', 'boom'))).toContain(
      'resrecon run --from 2026-11-09T02:00:00.000Z --to 2026-11-10T02:00:00.000Z',
    );
  });

  it('names each report email that did not go, where it waits and the command that sends it', () => {
    const text = alertText(
      mailFailedAlert('r2', '/srv/out/r2', [{ audience: 'finance', error: 'Greeting never received' }]),
    );
    expect(text).toContain('The finance report: Greeting never received');
    expect(text).toContain('/srv/out/r2/outbox');
    expect(text).toContain('resrecon run --resend r2 --out /srv/out/r2');
  });

  it('names the limit, the peak, the clients and the sets of a burst, at most ten of each', () => {
    const setIds = Array.from({ length: 12 }, (_, i) => `dup_${i}`);
    const a = burstAlert(
      'w1',
      {
        from: '2026-11-10T10:00:00Z',
        to: '2026-11-10T10:40:00Z',
        copies: 12,
        peakPerHour: 12,
        setIds,
        clients: [{ clientId: 'ios@4.2.0', copies: 12 }],
      },
      5,
    );
    expect(a.title).toBe(
      'resrecon: 12 duplicate bookings between 2026-11-10T10:00:00Z and 2026-11-10T10:40:00Z (more than 5 within one hour)',
    );
    const text = alertText(a);
    expect(text).toContain('Clients sending the copies: ios@4.2.0 (12).');
    expect(text).toContain('dup_9 and 2 more.');
    expect(text).not.toContain('dup_10');
  });

  it('posts JSON whose text Slack and Teams show', () => {
    const body = webhookBody(failureAlert('r1', 'nightly', window, 'extract', 'boom'));
    expect(String(body['text'])).toMatch(/^resrecon: the nightly run r1 failed in extract\n/);
    expect(body['summary']).toBe('resrecon: the nightly run r1 failed in extract');
  });

  it('names the client, the release that differs from the last good one, the first night, the rate, the causes, the money and a link to example sets', () => {
    const r: Regression = {
      client: 'ios-app',
      release: '3.5.0',
      firstNight: { from: '2026-10-15T02:00:00.000Z', to: '2026-10-16T02:00:00.000Z' },
      lastNight: { from: '2026-10-16T02:00:00.000Z', to: '2026-10-17T02:00:00.000Z' },
      nights: 2,
      lastGoodRelease: '3.4.0',
      copies: 80,
      bookings: 2000,
      ratePerThousand: 40,
      baselinePerThousand: 2.21,
      baseline: { nights: 14, copies: 31, bookings: 14000 },
      byCause: { TIMEOUT_RETRY: 8, NO_KEY: 72 },
      atStake: [
        { currency: 'EUR', amount: '9600.00', count: 40 },
        { currency: 'GBP', amount: '120.50', count: 1 },
      ],
      exampleSetIds: ['dup_1', 'dup 2'],
    };
    const a = regressionAlert('r9', r, 'https://console.example');
    expect(a.title).toBe(
      'resrecon: release regression, ios-app 3.5.0: 40.0 copies per 1000 bookings, against 2.2 before',
    );
    const text = alertText(a);
    expect(text).toContain(
      'Client ios-app, release 3.5.0. First night: 15 Oct 2026 02:00 UTC – 16 Oct 2026 02:00 UTC (2 nights in a row so far).',
    );
    expect(text).toContain(
      "The release that differs: 3.5.0, where the last good night's bookings came mostly from 3.4.0.",
    );
    expect(text).toContain(
      '80 copies in 2,000 bookings: 40.0 per 1000, against 2.2 per 1000 over the 14 nights before',
    );
    expect(text).toContain('Causes: Retry without idempotency key 72, Retry after timeout 8.');
    expect(text).toContain('Money at stake: EUR 9,600.00 and GBP 120.50.');
    expect(text).toContain('Example sets: dup_1, dup 2 (https://console.example/plans?set=dup_1,dup%202).');
    // The runbook's fix for the cause behind most of the copies, in the words of What to fix first.
    const fix = runbookFix('NO_KEY');
    expect(text).toContain(
      `What to fix (Retry without idempotency key, behind most of the copies): ${fix.title}. ${fix.text}`,
    );
    expect(a.audience).toBe('engineering');
    const same = alertText(regressionAlert('r9', { ...r, lastGoodRelease: '3.5.0' }, null));
    expect(same).toContain('The release is unchanged (3.5.0 on the last good night too)');
    expect(same).toContain('Example sets: dup_1, dup 2.');
  });
});
