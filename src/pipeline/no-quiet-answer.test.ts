/**
 * No quietly wrong answer: a run over a window without bookings, a source without any, a
 * simulated source and a deployment missing a part each say so, in report.json, on the
 * terminal, in the saved reports and in the emails as a real SMTP server receives them, and
 * never as "All clear". The run still succeeds (exit 0).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import { queryRows, type TestDatabase } from '../../test/support/pg.ts';
import { eventually, type SmtpReceiver, startSmtp } from '../../test/support/receivers.ts';
import { scratch } from '../../test/support/scratch.ts';
import { formatTimestamp, type RunReport, type RunWarningCode, warningSentence } from '../model/index.ts';
import { simulate } from '../simulate/index.ts';

const s = scratch('quiet');
const EMPTY_WINDOW = ['--from', '2026-12-01T00:00:00Z', '--to', '2026-12-02T00:00:00Z'];
const FULL_WINDOW = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02T00:00:00Z'];
const SCHEMA = readFileSync(new URL('../simulate/sql/schema.sql', import.meta.url), 'utf8');

let bookings: TestDatabase;
let smtp: SmtpReceiver;
let newest: { n: number; at: string };

const codes = (r: RunReport): RunWarningCode[] => r.warnings.map((w) => w.code);
/** report.json, its warnings' codes and facts (`warningDetails`) in place of the sentences. */
function readReport(out: string): RunReport {
  const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport & {
    warningDetails: RunReport['warnings'];
  };
  for (const [i, w] of json.warningDetails.entries()) {
    expect(json.warnings[i], 'report.json warnings are the details in sentences').toBe(warningSentence(w));
  }
  return { ...json, warnings: json.warningDetails };
}
const savedReports = (out: string): string[] =>
  ['finance.html', 'engineering.html', 'ops.html'].map((f) => readFileSync(join(out, f), 'utf8'));

beforeAll(async () => {
  bookings = await s.database('quiet');
  await simulate({
    targetUrl: bookings.url,
    seed: 23,
    reservations: 150,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-02T00:00:00Z',
  });
  // A booking database as production has it: without the simulator's labels.
  await queryRows(bookings.url, 'DROP SCHEMA simulation CASCADE');
  const [row] = await queryRows<{ n: string; at: Date }>(
    bookings.url,
    'SELECT count(*) AS n, max("createdAt") AS at FROM "Reservation"',
  );
  newest = { n: Number(row!.n), at: row!.at.toISOString() };
  smtp = await startSmtp();
  s.later(() => smtp.close());
}, 120_000);

describe('a run over a window that held no bookings', () => {
  let home = '';
  let out = '';
  let ran: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    home = s.dir('empty-window');
    out = join(home, 'out');
    ran = await runCli(['run', ...EMPTY_WINDOW, '--out', out], {
      cwd: home,
      env: {
        RESRECON_HOME: home,
        RESRECON_SOURCE_URL: bookings.url,
        RESRECON_SMTP_URL: smtp.url,
        RESRECON_MAIL_TO_FINANCE: 'finance@example.com',
        RESRECON_MAIL_TO_ENGINEERING: 'eng@example.com',
        RESRECON_MAIL_TO_OPS: 'ops@example.com',
      },
    });
    await eventually(() => smtp.messages.length >= 3, 'the three emails');
  }, 120_000);

  it('exits 0 and lists the warning in report.json with the source count and its newest booking in UTC', () => {
    expect(ran.code, ran.stderr).toBe(0);
    const report = readReport(out);
    expect(report.totals.reservationsScanned).toBe(0);
    const warning = report.warnings.find((w) => w.code === 'EMPTY_WINDOW');
    expect(warning).toMatchObject({ sourceBookings: newest.n, timeZone: 'UTC' });
    expect(Date.parse(warning!.newestBookingAt!)).toBe(Date.parse(newest.at));
    expect(warning!.message).toContain(formatTimestamp(newest.at));
    expect(warning!.message).toContain(newest.n.toLocaleString('en-GB'));
    expect(warning!.nextStep).toMatch(/npx resrecon run --from \S+ --to \S+/);
    expect(codes(report)).not.toContain('EMPTY_SOURCE');
  });

  it('names the other missing parts of the deployment, and only those', () => {
    expect(codes(readReport(out)).sort()).toEqual(['EMPTY_WINDOW', 'NO_BOOKING_API', 'NO_CONSOLE_URL']);
  });

  it('says so on stdout (JSON, piped) and stderr, with every email sent', () => {
    const summary = JSON.parse(ran.stdout) as {
      warnings: string[];
      warningDetails: { code: string }[];
      delivery: { audience: string; status: string; fate: string }[];
    };
    expect(summary.warningDetails.map((w) => w.code)).toContain('EMPTY_WINDOW');
    expect(summary.warnings).toContainEqual(
      expect.stringMatching(/^No bookings were created in this window/),
    );
    expect(summary.delivery.map((d) => d.fate)).toEqual([
      'sent to finance@example.com',
      'sent to eng@example.com',
      'sent to ops@example.com',
    ]);
    expect(ran.stderr).toMatch(/warning EMPTY_WINDOW: No bookings were created in this window/);
  });

  it('writes no "All clear" in any saved report, and names the newest booking there', () => {
    for (const html of savedReports(out)) {
      expect(html).not.toMatch(/all clear/i);
      expect(html).toContain('Nothing checked: no bookings were created in this window');
      expect(html).toContain(formatTimestamp(newest.at));
    }
  });

  it('mails no "All clear" either: subject, HTML and text say nothing was checked and when the newest booking was made', () => {
    expect(smtp.messages).toHaveLength(3);
    for (const mail of smtp.messages) {
      expect(mail.subject).toMatch(
        /^resrecon (finance|engineering|ops): nothing checked, no bookings were created/,
      );
      for (const part of [mail.subject ?? '', String(mail.html), mail.text ?? '']) {
        expect(part).not.toMatch(/all clear/i);
      }
      expect(String(mail.html)).toContain(formatTimestamp(newest.at));
      expect(mail.text).toContain(`WARNING: No bookings were created in this window`);
      expect(mail.text).toContain(formatTimestamp(newest.at));
    }
  });
});

describe('the terminal summary of a run', () => {
  it('names the folder, each file, the money per currency, the warnings and what became of each email', async () => {
    const home = s.dir('terminal');
    const out = join(home, 'out');
    const ran = await runCli(['run', ...FULL_WINDOW, '--out', out], {
      cwd: home,
      tty: true,
      env: {
        RESRECON_HOME: home,
        RESRECON_SOURCE_URL: bookings.url,
        RESRECON_MAIL_TO_FINANCE: 'finance@example.com',
        RESRECON_CONSOLE_URL: 'https://console.example.com',
      },
    });
    expect(ran.code, ran.stderr).toBe(0);
    const report = readReport(out);
    expect(report.totals.duplicateSets).toBeGreaterThan(0);
    const page = ran.stdout;
    expect(page).toMatch(
      new RegExp(`^resrecon run ${report.runId}: ${report.totals.duplicateSets} duplicate sets`),
    );
    expect(page).toContain('Output: out/');
    for (const file of [
      'finance.html',
      'engineering.html',
      'ops.html',
      'refunds.csv',
      'plans.csv',
      'report.json',
    ]) {
      expect(page).toMatch(new RegExp(`\\n  ${file.replace('.', '\\.')} +\\S`));
    }
    expect(page).toMatch(/\n {2}outbox\/ +the emails as \.eml files/);
    for (const t of report.totals.refunds) expect(page).toContain(t.currency);
    // Nothing is approved on a first run: the money says so, and the page says what to do next.
    expect(page).toMatch(/\n {2}to refund {10}\S.*, awaiting approval\n/);
    const awaiting = report.sets.filter((x) => x.plan?.awaiting).length;
    expect(page).toContain(`\nNext\n  read the reports:  open out/ops.html`);
    expect(page).toContain(`decide the ${awaiting} plans awaiting a decision:  npx resrecon plans list`);
    const [finance] = readdirSync(join(out, 'outbox')).filter((f) => f.endsWith('finance.eml'));
    expect(page).toContain(
      `finance      written to outbox/${finance}, not sent: no mail server configured (set mail.smtpUrl or RESRECON_SMTP_URL`,
    );
    expect(page).toMatch(
      /engineering {2}written to outbox\/\S+\.eml, not sent: no recipients configured \(set mail\.to\.engineering or RESRECON_MAIL_TO_ENGINEERING\)/,
    );
    expect(page).toMatch(/ops {10}written to .*RESRECON_MAIL_TO_OPS/);
    expect(page).toContain('Warnings (3)');
    expect(page).toContain('! The engineering, ops reports have no recipients');
    expect(page).toContain('! No mail server is configured');
    expect(page).toContain('! No booking API is configured');
    expect(page).not.toMatch(/skipped-no-recipients|[{}]/);
    expect(codes(report).sort()).toEqual(['NO_BOOKING_API', 'NO_RECIPIENTS', 'NO_SMTP']);
  }, 120_000);
});

describe('a source that holds no bookings at all', () => {
  let source: TestDatabase;
  beforeAll(async () => {
    source = await s.database('quiet_empty');
    await queryRows(source.url, SCHEMA);
  });

  it('warns that the source is empty, not that the window is, and still exits 0', async () => {
    const home = s.dir('empty-source');
    const out = join(home, 'out');
    const ran = await runCli(['run', '--no-email', ...FULL_WINDOW, '--out', out], {
      cwd: home,
      tty: true,
      env: { RESRECON_HOME: home, RESRECON_SOURCE_URL: source.url },
    });
    expect(ran.code, ran.stderr).toBe(0);
    const report = readReport(out);
    expect(codes(report)).toContain('EMPTY_SOURCE');
    expect(codes(report)).not.toContain('EMPTY_WINDOW');
    expect(report.warnings.find((w) => w.code === 'EMPTY_SOURCE')).toMatchObject({ sourceBookings: 0 });
    expect(ran.stdout).toMatch(/^resrecon run \S+: nothing checked, the source holds no bookings/);
    expect(ran.stdout).toContain('none written (--no-email)');
    for (const html of savedReports(out)) {
      expect(html).not.toMatch(/all clear/i);
      expect(html).toContain('Nothing checked: the source holds no bookings');
    }
  }, 120_000);
});
