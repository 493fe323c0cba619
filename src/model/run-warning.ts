/**
 * What a run wants a person to know before trusting its answer (report.json's `warnings`,
 * docs/contracts.md section 3): a run that checked nothing, read made-up bookings, or will not
 * reach anyone must say so rather than look like a quiet night. Computed once by the pipeline
 * and shown by the terminal, every report and every email.
 */

export const RUN_WARNING_CODES = [
  /** The window held no bookings although the source holds some: nothing was checked. */
  'EMPTY_WINDOW',
  /** The source holds no bookings at all: the wrong database, or a mapping that reads nothing. */
  'EMPTY_SOURCE',
  /** The run read the embedded demo history. */
  'DEMO_DATA',
  /** A booking database, but reports without recipients: written to the outbox, read by nobody. */
  'NO_RECIPIENTS',
  /** A booking database and recipients, but no mail server: nothing is sent. */
  'NO_SMTP',
  /** A booking database but no booking API: approved plans cannot be carried out by `execute`. */
  'NO_BOOKING_API',
  /** A booking database but no console address: emails cannot link the plans. */
  'NO_CONSOLE_URL',
  /** Sets judged without some of their booking requests: the warehouse and the source let them go. */
  'EVIDENCE_AGED_OUT',
  /** The window starts before the warehouse's requests do: older evidence is no longer kept. */
  'WINDOW_BEFORE_LOGS',
] as const;

/** report.json's `warnings` entry (docs/contracts.md section 3): the message and what to do, one sentence each. */
export function warningSentence(w: RunWarning): string {
  return `${w.message} ${w.nextStep}`;
}

/**
 * Why nothing was checked, when nothing was: the run's window held no bookings, or the source
 * holds none. Such a run is no all-clear, whatever its (empty) findings would say; null otherwise.
 */
export function nothingChecked(warnings: readonly RunWarning[]): string | null {
  const codes = new Set(warnings.map((w) => w.code));
  if (codes.has('EMPTY_SOURCE')) return 'the source holds no bookings';
  if (codes.has('EMPTY_WINDOW')) return 'no bookings were created in this window';
  return null;
}

export type RunWarningCode = (typeof RUN_WARNING_CODES)[number];

export interface RunWarning {
  readonly code: RunWarningCode;
  /** One or two sentences for a person: what is wrong and why the answer cannot be trusted as it is. */
  readonly message: string;
  /** What to do about it: a flag or a setting to use. */
  readonly nextStep: string;
  /** EMPTY_WINDOW, EMPTY_SOURCE: the bookings the source holds (as copied into the warehouse). */
  readonly sourceBookings?: number;
  /** EMPTY_WINDOW: when the source's newest booking was created, ISO-8601 in UTC. */
  readonly newestBookingAt?: string;
  /** EMPTY_WINDOW: the time zone of `newestBookingAt` as written in the message. */
  readonly timeZone?: 'UTC';
  /** NO_RECIPIENTS, NO_SMTP: the reports concerned (finance, engineering, ops). */
  readonly audiences?: readonly string[];
  /** EVIDENCE_AGED_OUT: the sets judged without some of their requests. */
  readonly sets?: number;
  /** EVIDENCE_AGED_OUT, WINDOW_BEFORE_LOGS: since when the warehouse holds every booking request. */
  readonly logsFrom?: string;
  /** The configuration settings (file key and environment variable) that would resolve it. */
  readonly settings?: readonly string[];
}
