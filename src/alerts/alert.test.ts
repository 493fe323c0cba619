import { describe, expect, it } from 'vitest';
import { alertText, burstAlert, failureAlert, mailFailedAlert, webhookBody } from './index.ts';

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
});
