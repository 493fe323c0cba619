/**
 * A release that starts re-sending bookings without keys, seen by the nightly job as it runs:
 * twenty simulated nights in which ios-app@3.4.0 replaces the client's releases on night 15,
 * caught up by the scheduler one night at a time (its own path after an outage), with a real
 * SMTP server and a webhook receiver. The regression is alerted once, naming the release and the
 * night; the clients whose rate stays steady are never alerted; the later nights' reports still
 * show it without a second alert.
 *
 * The clock is pinned to noon after the twentieth night, so the nights, the data and the verdicts
 * are the same whatever day the test runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.ts';
import type { JobLog } from '../src/schedule/index.ts';
import { startScheduler } from '../src/schedule/index.ts';
import { simulate } from '../src/simulate/index.ts';
import { openStore, type RunRecord } from '../src/state/index.ts';
import { clockAt } from './support/pinned-clock.ts';
import { type SmtpReceiver, startSmtp, startWebhook, type WebhookReceiver } from './support/receivers.ts';
import { runsOf, scratch } from './support/scratch.ts';

const undoClock = clockAt('2026-10-21T12:00:00Z');
afterAll(() => undoClock());

const { dir, database, later } = scratch('release_regression');

const FROM = '2026-10-01T00:00:00.000Z';
const TO = '2026-10-21T00:00:00.000Z';
const NIGHT_15 = '2026-10-15';
const RELEASE = 'ios-app@3.4.0';
const ENGINEERING = 'engineering@example.com';
const DAY_MS = 86_400_000;

interface ReportedRegression {
  client: string;
  release: string | null;
  firstNight: { from: string; to: string };
  lastNight: { from: string; to: string };
  lastGoodRelease: string | null;
  copies: number;
}

let smtp: SmtpReceiver;
let hook: WebhookReceiver;
let nights: RunRecord[];
let log: string[];

/** The nightly runs' report.json `regressions`, night by night (the window's start date). */
function reportedRegressions(): Map<string, ReportedRegression[] | undefined> {
  return new Map(
    nights.map((r) => {
      const report = JSON.parse(readFileSync(join(r.outDir!, 'report.json'), 'utf8')) as {
        regressions?: ReportedRegression[];
      };
      return [r.window.from.slice(0, 10), report.regressions];
    }),
  );
}

const regressionMails = () => smtp.messages.filter((m) => m.headers.get('x-resrecon-alert') === 'regression');
const regressionPosts = () =>
  hook.bodies.filter((b) => (b['resrecon'] as { kind?: string } | undefined)?.kind === 'regression');

beforeAll(async () => {
  const source = await database('regress_source');
  const state = await database('regress_state');
  const home = dir('home');
  smtp = await startSmtp();
  hook = await startWebhook();
  later(() => smtp.close());
  later(() => hook.close());
  // A few hundred bookings a night; the new release re-sends three in ten of its own, so night 15
  // holds a score of its copies where its baseline holds one or two a night.
  const summary = await simulate({
    targetUrl: source.url,
    seed: 2515,
    reservations: 6_000,
    from: FROM,
    to: TO,
    regression: { release: RELEASE, from: NIGHT_15 },
    realities: { releaseRegressions: 0.3 },
  });
  expect(summary.releaseRegression?.sets).toBeGreaterThan(60);

  // The job was last run for the night before the history: the scheduler catches up the twenty
  // nights after it, each as its own window, as it does after an outage.
  const store = await openStore({ stateUrl: state.url, home });
  await store.recordRunStart({
    runId: 'before-the-history',
    kind: 'nightly',
    window: { from: new Date(Date.parse(FROM) - DAY_MS).toISOString(), to: FROM },
  });
  await store.recordRunFinish({ runId: 'before-the-history', status: 'SUCCEEDED' });
  await store.close();

  const env = {
    RESRECON_HOME: home,
    RESRECON_SOURCE_URL: source.url,
    RESRECON_STATE_URL: state.url,
    RESRECON_SMTP_URL: smtp.url,
    RESRECON_MAIL_TO_ENGINEERING: ENGINEERING,
    RESRECON_MAIL_TO_OPS: 'ops@example.com',
    RESRECON_WEBHOOK_URL: hook.url,
    RESRECON_SCHEDULE: '0 0 * * *',
    RESRECON_TIMEZONE: 'UTC',
  };
  log = [];
  const put = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    log.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  };
  const jobLog: JobLog = { info: put('info'), warn: put('warn'), error: put('error') };
  const scheduler = await startScheduler({
    config: resolveConfig({ cwd: home, env }),
    log: jobLog,
    watch: null,
    outDir: (id) => join(home, 'out', id),
  });
  await scheduler.caughtUp;
  await scheduler.stop('test');
  nights = (await runsOf(state.url))
    .filter((r) => r.kind === 'nightly' && r.runId !== 'before-the-history')
    .reverse();
}, 240_000);

describe('a release that starts re-sending without keys on night 15 of 20', () => {
  it('is caught up by the nightly job as twenty nights, each run succeeding', () => {
    expect(nights.map((r) => [r.window.from, r.status])).toEqual(
      Array.from({ length: 20 }, (_, i) => [
        new Date(Date.parse(FROM) + i * DAY_MS).toISOString(),
        'SUCCEEDED',
      ]),
    );
    expect(log.join('\n')).toMatch(/catching up 20 missed window/);
  });

  it('shows in report.json from night 15 on, named by the release and its first night, and in no night before', () => {
    const reported = reportedRegressions();
    for (const [night, regressions] of reported) {
      expect(regressions, `report.json regressions of ${night}`).toBeDefined();
      if (night < NIGHT_15) {
        expect(regressions, night).toEqual([]);
        continue;
      }
      // The same regression every night after, its first night still night 15.
      expect(regressions, night).toEqual([
        expect.objectContaining({
          client: 'ios-app',
          release: '3.4.0',
          firstNight: { from: `${NIGHT_15}T00:00:00.000Z`, to: '2026-10-16T00:00:00.000Z' },
          lastNight: expect.objectContaining({ from: `${night}T00:00:00.000Z` }),
        }),
      ]);
      expect(regressions![0]!.lastGoodRelease).toBe('3.2.1');
      expect(regressions![0]!.copies).toBeGreaterThanOrEqual(5);
    }
  });

  it('is alerted exactly once, by email to engineering and one webhook post, naming the release and the night', () => {
    const mails = regressionMails();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    const to = mail.to && !Array.isArray(mail.to) ? mail.to.text : '';
    expect(to).toContain(ENGINEERING);
    // Only engineering can fix a client's release: ops is not woken for it, unlike a burst.
    expect(to).not.toContain('ops@example.com');
    expect(mail.text).toMatch(
      /What to fix \(Retry without idempotency key, behind most of the copies\): Send an Idempotency-Key/,
    );
    expect(`${mail.subject}\n${mail.text}`).toContain('ios-app');
    expect(`${mail.subject}\n${mail.text}`).toContain('3.4.0');
    // The night in the words the reports use (15 Oct 2026).
    expect(mail.text).toMatch(/First night: 15 Oct 2026\b/);
    // Sent by the run of night 15, the first that could see it.
    const night15 = nights.find((r) => r.window.from.startsWith(NIGHT_15))!;
    expect(mail.headers.get('x-resrecon-run')).toBe(night15.runId);

    const posts = regressionPosts();
    expect(posts).toHaveLength(1);
    const text = String(posts[0]!['text']);
    expect(text).toContain('ios-app');
    expect(text).toContain('3.4.0');
    expect(text).toMatch(/First night: 15 Oct 2026\b/);
  });

  it('alerts nothing for the clients whose rate stays steady, nor anything else on these nights', () => {
    // Every alert the job sent is the one regression's: no other client, no failed run.
    const alerts = smtp.messages.filter((m) => m.headers.get('x-resrecon-alert'));
    expect(alerts.map((m) => m.headers.get('x-resrecon-alert'))).toEqual(['regression']);
    expect(hook.bodies.map((b) => (b['resrecon'] as { kind: string }).kind)).toEqual(['regression']);
    const flagged = [...reportedRegressions().values()].flatMap((rs) => (rs ?? []).map((r) => r.client));
    expect(new Set(flagged)).toEqual(new Set(['ios-app']));
  });
});
