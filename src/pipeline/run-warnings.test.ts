import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/index.ts';
import { runWarnings } from './run-warnings.ts';

const WINDOW = { from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' };
const SOURCE = 'postgresql://ro@db.internal/bookings';

function config(env: Record<string, string> = {}) {
  return resolveConfig({ cwd: '/nonexistent', env: { RESRECON_HOME: '/nonexistent/home', ...env } });
}

const base = { window: WINDOW, email: true, windowBookings: 10, extent: null };

describe('runWarnings', () => {
  it('names the source count and its newest booking, and a window sure to hold bookings, when the window held none', () => {
    const [w] = runWarnings({
      ...base,
      config: config({ RESRECON_SOURCE_URL: SOURCE }),
      windowBookings: 0,
      extent: { bookings: 50_000, newestCreatedAt: '2026-10-01T17:42:10.123456Z' },
    });
    expect(w).toMatchObject({
      code: 'EMPTY_WINDOW',
      sourceBookings: 50_000,
      newestBookingAt: '2026-10-01T17:42:10.123456Z',
      timeZone: 'UTC',
    });
    expect(w!.message).toContain(
      'The source holds 50,000 bookings; the newest was created 1 Oct 2026 17:42 UTC',
    );
    expect(w!.message).toContain('60 days before this window began');
    expect(w!.message).toContain('this is not an all-clear');
    expect(w!.nextStep).toContain('npx resrecon run --from 2026-09-30T17:43:00Z --to 2026-10-01T17:43:00Z');
  });

  it('tells an empty source from an empty window', () => {
    const [w] = runWarnings({
      ...base,
      config: config({ RESRECON_SOURCE_URL: SOURCE }),
      windowBookings: 0,
      extent: { bookings: 0, newestCreatedAt: null },
    });
    expect(w).toMatchObject({ code: 'EMPTY_SOURCE', sourceBookings: 0 });
  });

  it('says nothing about the mail of a run told not to mail', () => {
    const codes = runWarnings({ ...base, email: false, config: config({ RESRECON_SOURCE_URL: SOURCE }) }).map(
      (w) => w.code,
    );
    expect(codes).toEqual(['NO_BOOKING_API', 'NO_CONSOLE_URL']);
  });

  it('asks for a mail server only when some report has recipients, and names the reports without', () => {
    const warnings = runWarnings({
      ...base,
      config: config({ RESRECON_SOURCE_URL: SOURCE, RESRECON_MAIL_TO_OPS: 'ops@example.com' }),
    });
    expect(warnings.find((w) => w.code === 'NO_RECIPIENTS')).toMatchObject({
      audiences: ['finance', 'engineering'],
    });
    expect(warnings.find((w) => w.code === 'NO_SMTP')).toMatchObject({ audiences: ['ops'] });
  });

  it('is silent for a complete deployment with bookings in its window', () => {
    const complete = config({
      RESRECON_SOURCE_URL: SOURCE,
      RESRECON_SMTP_URL: 'smtp://mail.internal:25',
      RESRECON_MAIL_TO_FINANCE: 'f@example.com',
      RESRECON_MAIL_TO_ENGINEERING: 'e@example.com',
      RESRECON_MAIL_TO_OPS: 'o@example.com',
      RESRECON_BOOKING_API_URL: 'https://api.internal',
      RESRECON_CONSOLE_URL: 'https://resrecon.example.com',
    });
    expect(runWarnings({ ...base, config: complete })).toEqual([]);
  });

  it('marks the demo as demo data and asks nothing of it as a deployment', () => {
    expect(runWarnings({ ...base, config: config() }).map((w) => w.code)).toEqual(['DEMO_DATA']);
  });
  it('says how many sets were judged without some of their requests and why, and that a window older than the logs is judged without them', () => {
    const warnings = runWarnings({
      ...base,
      config: config({ RESRECON_SOURCE_URL: SOURCE }),
      evidence: { logsFrom: '2026-12-01T06:00:00.000000Z', agedOutSets: 3 },
    });
    const aged = warnings.find((w) => w.code === 'EVIDENCE_AGED_OUT');
    expect(aged).toMatchObject({ sets: 3, logsFrom: '2026-12-01T06:00:00.000000Z' });
    expect(aged!.message).toBe(
      "3 sets were judged without some of their booking requests: the warehouse keeps the gateway's requests " +
        'for 30 days (from 1 Dec 2026 06:00 UTC on) and they could not be read again from the source, so each ' +
        'carries a doubt and a lower confidence.',
    );
    const before = warnings.find((w) => w.code === 'WINDOW_BEFORE_LOGS');
    expect(before!.message).toContain('This window starts 6 hours before');
    expect(before!.nextStep).toContain(`--from ${WINDOW.from} --to ${WINDOW.to} --full`);
  });

  it('says nothing of aged evidence when the window starts after the logs and every set had its requests', () => {
    const warnings = runWarnings({
      ...base,
      config: config({ RESRECON_SOURCE_URL: SOURCE }),
      evidence: { logsFrom: '2026-11-30T23:45:00.000000Z', agedOutSets: 0 },
    });
    expect(warnings.map((w) => w.code)).not.toContain('EVIDENCE_AGED_OUT');
    expect(warnings.map((w) => w.code)).not.toContain('WINDOW_BEFORE_LOGS');
  });
});
