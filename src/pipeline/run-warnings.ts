/**
 * The run's warnings (report.json's `warnings`, docs/contracts.md section 3), worked out once
 * here from the configuration and what the extract found, so the terminal, report.json and every
 * report and email say the same. The principle: no quietly wrong answer. A window that held no
 * bookings is not an all-clear, made-up bookings are not real ones, and a report nobody receives
 * is not a report sent; each says so, with the facts and what to do.
 */
import type { ResolvedConfig } from '../config/index.ts';
import type { RunWarning } from '../model/index.ts';
import { formatTimestamp, formatWindow } from '../model/index.ts';
import { AUDIENCES } from '../reports/index.ts';
import type { SourceExtent } from './source-extent.ts';

export interface RunWarningsInput {
  readonly config: ResolvedConfig;
  readonly window: { readonly from: string; readonly to: string };
  /** The run mails its reports (false with --no-email: nothing is sent or queued on purpose). */
  readonly email: boolean;
  /** Bookings created in the window. */
  readonly windowBookings: number;
  /** What the source holds; asked only when the window held none. */
  readonly extent: SourceExtent | null;
  /**
   * How complete the logs were as the rules ran: since when the warehouse held every booking
   * request (null when it does not say), and how many sets were judged without some of theirs.
   */
  readonly evidence?: { readonly logsFrom: string | null; readonly agedOutSets: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 days", "5 hours", "12 minutes": how far apart two instants are, roughly. */
function span(ms: number): string {
  const [n, unit] =
    ms >= 2 * DAY ? [ms / DAY, 'day'] : ms >= 2 * HOUR ? [ms / HOUR, 'hour'] : [ms / MINUTE, 'minute'];
  const whole = Math.max(1, Math.floor(n));
  return `${whole} ${unit}${whole === 1 ? '' : 's'}`;
}

/** "2026-11-01T12:00:00Z": an instant as a flag takes it, to the minute. */
function flagInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}:00Z`;
}

function sourceSetting(config: ResolvedConfig): string {
  return config.source.kind === 'files' && !config.source.demo
    ? 'source.files'
    : '--source (RESRECON_SOURCE_URL, source.url)';
}

function emptyWindow(
  input: RunWarningsInput,
  extent: SourceExtent & { newestCreatedAt: string },
): RunWarning {
  const { window } = input;
  const newest = Date.parse(extent.newestCreatedAt);
  // The 24 hours up to the newest booking, to the minute after it: a window sure to hold some.
  const to = Math.floor(newest / MINUTE) * MINUTE + MINUTE;
  const where =
    newest < Date.parse(window.from)
      ? `, ${span(Date.parse(window.from) - newest)} before this window began`
      : newest >= Date.parse(window.to)
        ? ', after this window ended'
        : '';
  const count = extent.bookings.toLocaleString('en-GB');
  return {
    code: 'EMPTY_WINDOW',
    message:
      `No bookings were created in this window (${formatWindow(window)}), so nothing was checked: ` +
      `this is not an all-clear. The source holds ${count} booking${extent.bookings === 1 ? '' : 's'}; ` +
      `the newest was created ${formatTimestamp(extent.newestCreatedAt)}${where}.`,
    nextStep:
      `Run over the time the bookings were made, for example: npx resrecon run --from ${flagInstant(to - DAY)} ` +
      `--to ${flagInstant(to)}. If bookings should have arrived since ${formatTimestamp(extent.newestCreatedAt)}, ` +
      `check that ${sourceSetting(input.config)} names the live booking database.`,
    sourceBookings: extent.bookings,
    newestBookingAt: extent.newestCreatedAt,
    timeZone: 'UTC',
  };
}

function emptySource(input: RunWarningsInput): RunWarning {
  const files = input.config.source.kind === 'files' && !input.config.source.demo;
  return {
    code: 'EMPTY_SOURCE',
    message: 'The source holds no bookings at all, so nothing was checked: this is not an all-clear.',
    nextStep: files
      ? 'Check that source.files names the folder of the exported booking tables.'
      : `Check that ${sourceSetting(input.config)} names the booking database, and that source.tables ` +
        'maps its bookings table if it is not called "Reservation".',
    sourceBookings: 0,
  };
}

/** Reports that go nowhere, executions that cannot happen, links that cannot be made. */
function deploymentGaps(input: RunWarningsInput): RunWarning[] {
  const { config, email } = input;
  const warnings: RunWarning[] = [];
  if (email) {
    const unaddressed = AUDIENCES.filter((a) => config.mail.to[a].length === 0);
    if (unaddressed.length > 0) {
      warnings.push({
        code: 'NO_RECIPIENTS',
        message:
          `The ${unaddressed.join(', ')} report${unaddressed.length === 1 ? ' has' : 's have'} no recipients: ` +
          "written to the run's outbox, sent to nobody.",
        nextStep: `Set ${unaddressed.map((a) => `mail.to.${a} (RESRECON_MAIL_TO_${a.toUpperCase()})`).join(', ')}.`,
        audiences: unaddressed,
        settings: unaddressed.flatMap((a) => [`mail.to.${a}`, `RESRECON_MAIL_TO_${a.toUpperCase()}`]),
      });
    }
    const addressed = AUDIENCES.filter((a) => config.mail.to[a].length > 0);
    if (addressed.length > 0 && !config.mail.smtpUrl) {
      warnings.push({
        code: 'NO_SMTP',
        message:
          `No mail server is configured: the ${addressed.join(', ')} report${addressed.length === 1 ? ' is' : 's are'} ` +
          "written to the run's outbox as .eml, not sent.",
        nextStep:
          'Set mail.smtpUrl (RESRECON_SMTP_URL); npx resrecon run --resend RUN then sends what waits.',
        audiences: addressed,
        settings: ['mail.smtpUrl', 'RESRECON_SMTP_URL'],
      });
    }
  }
  if (!config.bookingApi) {
    warnings.push({
      code: 'NO_BOOKING_API',
      message: 'No booking API is configured: approved plans cannot be carried out by npx resrecon execute.',
      nextStep:
        'Set bookingApi.url (RESRECON_BOOKING_API_URL) and RESRECON_BOOKING_API_TOKEN, or carry out ' +
        'the approved plans by hand from npx resrecon plans export.',
      settings: ['bookingApi.url', 'RESRECON_BOOKING_API_URL'],
    });
  }
  if (!config.mail.consoleUrl) {
    warnings.push({
      code: 'NO_CONSOLE_URL',
      message:
        'No console address is configured: the emails cannot link the plans and show the command line instead.',
      nextStep: "Set mail.consoleUrl (RESRECON_CONSOLE_URL) to the ops console's public address.",
      settings: ['mail.consoleUrl', 'RESRECON_CONSOLE_URL'],
    });
  }
  return warnings;
}

/** Evidence the warehouse no longer keeps: a window older than its logs, sets judged without some requests. */
function agedEvidence(input: RunWarningsInput): RunWarning[] {
  const { window, evidence, config } = input;
  if (!evidence?.logsFrom) return [];
  const { logsFrom, agedOutSets } = evidence;
  const days = config.warehouse.retention.logDays;
  const rebuild =
    `npx resrecon run --from ${window.from} --to ${window.to} --full reads them again from the source, ` +
    'as far back as it still keeps them';
  const warnings: RunWarning[] = [];
  if (Date.parse(window.from) < Date.parse(logsFrom)) {
    warnings.push({
      code: 'WINDOW_BEFORE_LOGS',
      message:
        `This window starts ${span(Date.parse(logsFrom) - Date.parse(window.from))} before the gateway's requests ` +
        `the warehouse keeps (from ${formatTimestamp(logsFrom)} on; warehouse.retention.logDays = ${days}): ` +
        'older evidence is no longer kept, so bookings made before then are judged on their data alone.',
      nextStep: `To judge them with their requests, rebuild the warehouse for this window: ${rebuild}.`,
      logsFrom,
      settings: ['warehouse.retention.logDays'],
    });
  }
  if (agedOutSets > 0) {
    warnings.push({
      code: 'EVIDENCE_AGED_OUT',
      message:
        `${agedOutSets === 1 ? '1 set was' : `${agedOutSets.toLocaleString('en-GB')} sets were`} judged without ` +
        `some of ${agedOutSets === 1 ? 'its' : 'their'} booking requests: the warehouse keeps the gateway's requests ` +
        `for ${days} days (from ${formatTimestamp(logsFrom)} on) and they could not be read again from the source, ` +
        `so ${agedOutSets === 1 ? 'it carries' : 'each carries'} a doubt and a lower confidence.`,
      nextStep: `Check ${agedOutSets === 1 ? 'it' : 'them'} by hand before approving; ${rebuild}.`,
      sets: agedOutSets,
      logsFrom,
      settings: ['warehouse.retention.logDays'],
    });
  }
  return warnings;
}

export function runWarnings(input: RunWarningsInput): RunWarning[] {
  const { config } = input;
  const warnings: RunWarning[] = [];
  if (input.windowBookings === 0 && input.extent) {
    const { extent } = input;
    warnings.push(
      extent.bookings > 0 && extent.newestCreatedAt
        ? emptyWindow(input, { ...extent, newestCreatedAt: extent.newestCreatedAt })
        : emptySource(input),
    );
  }
  const demo = config.source.kind === 'files' && config.source.demo;
  if (demo) {
    warnings.push({
      code: 'DEMO_DATA',
      message:
        'Demo data: no booking database is configured, so this run read the embedded demo history; ' +
        'every booking, guest and amount is made up.',
      nextStep:
        'Point it at the booking database: RESRECON_SOURCE_URL=postgresql://… npx resrecon run ' +
        '(the README\'s "Pointing it at a real database").',
    });
  }
  warnings.push(...agedEvidence(input));
  // Only a booking database is a deployment: the demo is tried, not run.
  if (config.source.kind === 'postgres') warnings.push(...deploymentGaps(input));
  return warnings;
}
