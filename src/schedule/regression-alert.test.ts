/**
 * The nightly job and release regressions, end to end on real parts: a simulated PostgreSQL
 * source whose last nights re-send bookings far more than the clients' stored baseline, the state
 * store in PostgreSQL, the job catching up two nights, the alert received by an in-process SMTP
 * server and a local webhook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pinClock } from '../../test/support/pinned-clock.ts';
import { startSmtp, startWebhook } from '../../test/support/receivers.ts';
import { runsOf, scratch } from '../../test/support/scratch.ts';
import { resolveConfig } from '../config/index.ts';
import { type ClientNight, formatWindow, type RunReport } from '../model/index.ts';
import { simulate } from '../simulate/index.ts';
import { openStore } from '../state/index.ts';
import { type JobLog, startScheduler } from './index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const clock = pinClock();
afterAll(() => clock.undo());
const { dir, database, later } = scratch('regression');

/** The simulator's clients, without their releases. */
const CLIENTS = [
  'web',
  'ios-app',
  'android-app',
  'partner-channel-mgr',
  'agent-portal',
  'kiosk',
  'partner-api',
  'backoffice',
];

const quietLog = (): JobLog => ({ info: () => undefined, warn: () => undefined, error: () => undefined });

describe('release regressions in the nightly job', () => {
  it("records each night's clients and alerts a regression once, by email and webhook, across the two nights it lasts", async () => {
    // The tick half a day away from now, as the catch-up test explains: the windows this test
    // expects are the ones the scheduler finds at its start.
    const hour = (new Date().getUTCHours() + 12) % 24;
    const lastTick = new Date(Math.floor(Date.now() / DAY) * DAY + hour * HOUR);
    if (lastTick.getTime() > Date.now()) lastTick.setTime(lastTick.getTime() - DAY);
    const iso = (daysBack: number) => new Date(lastTick.getTime() - daysBack * DAY).toISOString();

    const source = await database('regression_source');
    await simulate({
      targetUrl: source.url,
      seed: 11,
      reservations: 3_000,
      duplicateRate: 0.3,
      from: iso(3),
      to: new Date(Date.now() - 60_000).toISOString(),
    });
    const state = await database('regression_state');
    const home = dir('job');
    const store = await openStore({ stateUrl: state.url, home });
    // The job last covered the night before the two it catches up.
    await store.recordRunStart({ runId: 'before', kind: 'nightly', window: { from: iso(3), to: iso(2) } });
    await store.recordRunFinish({ runId: 'before', status: 'SUCCEEDED' });
    // Two clean weeks before: every client at its earlier release, 2,000 bookings a night, no copies.
    for (let d = 14; d >= 1; d--) {
      const span = { from: iso(2 + d), to: iso(1 + d) };
      const nights: ClientNight[] = CLIENTS.map((c) => ({
        ...span,
        clientId: `${c}@0.9.0`,
        bookings: 2_000,
        copies: 0,
        byCause: {},
        atStake: [],
        exampleSetIds: [],
      }));
      await store.recordClientNights('baseline', [span], nights);
    }
    await store.close();

    const smtp = await startSmtp();
    const hook = await startWebhook();
    later(() => smtp.close());
    later(() => hook.close());
    const config = resolveConfig({
      cwd: home,
      env: {
        RESRECON_HOME: home,
        RESRECON_SOURCE_URL: source.url,
        RESRECON_STATE_URL: state.url,
        RESRECON_SMTP_URL: smtp.url,
        RESRECON_MAIL_TO_ENGINEERING: 'oncall@example.com',
        RESRECON_WEBHOOK_URL: hook.url,
        RESRECON_CONSOLE_URL: 'https://console.example.com',
        RESRECON_SCHEDULE: `0 ${hour} * * *`,
        RESRECON_TIMEZONE: 'UTC',
      },
    });
    const scheduler = await startScheduler({
      config,
      log: quietLog(),
      watch: null,
      outDir: (id) => join(home, 'out', id),
    });
    await scheduler.caughtUp;
    await scheduler.stop('test');

    const nightly = (await runsOf(state.url))
      .filter((r) => r.kind === 'nightly' && r.runId !== 'before')
      .reverse();
    expect(nightly.map((r) => [r.window.from, r.window.to, r.status])).toEqual([
      [iso(2), iso(1), 'SUCCEEDED'],
      [iso(1), iso(0), 'SUCCEEDED'],
    ]);
    const reports = nightly.map(
      (r) => JSON.parse(readFileSync(join(r.outDir!, 'report.json'), 'utf8')) as RunReport,
    );

    // Each run recorded its night: every booking of the window under some client.
    const reader = await openStore({ stateUrl: state.url, home });
    const stored = await reader.clientNights(iso(2), iso(0));
    await reader.close();
    for (const [i, report] of reports.entries()) {
      const night = stored.filter((n) => n.from === iso(2 - i) && n.to === iso(1 - i));
      expect(night.length).toBeGreaterThan(1);
      expect(night.reduce((a, n) => a + n.bookings, 0)).toBe(report.totals.reservationsScanned);
      expect(night.reduce((a, n) => a + n.copies, 0)).toBeGreaterThan(0);
    }

    // The second night still shows regressions that began on the first.
    const first = reports[0]!.regressions ?? [];
    const lasting = (reports[1]!.regressions ?? []).filter((r) => r.firstNight.from === iso(2));
    expect(first.length).toBeGreaterThan(0);
    expect(lasting.length).toBeGreaterThan(0);

    const alerts = smtp.messages.filter((m) => m.headers.get('x-resrecon-alert') === 'regression');
    const posted = hook.bodies.filter((b) => (b['resrecon'] as { kind: string }).kind === 'regression');
    // One alert per client and release, however many nights show it.
    const subjects = alerts.map((m) => m.subject ?? '');
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(posted.map((b) => (b['resrecon'] as { title: string }).title).sort()).toEqual(
      [...subjects].sort(),
    );
    for (const r of lasting) {
      const about = alerts.filter((m) =>
        (m.subject ?? '').includes(`release regression, ${r.client} ${r.release}:`),
      );
      expect(about, `${r.client} ${r.release}`).toHaveLength(1);
      const text = about[0]!.text ?? '';
      expect(text).toContain(
        `Client ${r.client}, release ${r.release}. First night: ${formatWindow(r.firstNight)}`,
      );
      expect(text).toContain(`where the last good night's bookings came mostly from 0.9.0`);
      expect(text).toMatch(/per 1000, against 0\.0 per 1000 over the 14 nights before/);
      expect(text).toMatch(/Causes: [^\n]+ \d+/);
      expect(text).toContain('https://console.example.com/plans?set=');
    }
    const to = alerts[0]!.to && !Array.isArray(alerts[0]!.to) ? alerts[0]!.to.text : '';
    expect(to).toContain('oncall@example.com');
  }, 240_000);
});
