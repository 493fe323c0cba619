/**
 * The fix the runbook's Prevention section gives for each root cause, in the team's words, in one
 * place: the engineering report's "What to fix first" names it beside the client that needs it,
 * and report.json carries it. Where the runbook and the domain notes (root-causes.md) part, the
 * notes win, for reasons each entry states:
 * - NO_KEY: one key per booking, not per HTTP attempt; a client that mints a key per attempt
 *   re-sends each retry under a new key, and the server books it again.
 * - TIMEOUT_RETRY: the backend often commits after the gateway gave up, so the retry can arrive
 *   while the first request still runs: the key then answers 409, not a second booking.
 * - RACE: the runbook's Redis lock with a 30 s expiry can lapse under a slow booking; the notes
 *   put the key, its lock and its result in the booking's own transaction.
 * - MISSING_DEDUP: the runbook's unique index on guest, stay and room type would refuse rooms
 *   booked on purpose (multi-room checkouts under one name, group bookings), so the check is a
 *   look-up that answers with the live booking, letting one checkout's rooms through.
 */
import type { RootCause } from './types.ts';

export interface RunbookFix {
  /** A few words: what to change. */
  readonly title: string;
  /** One or two sentences: where and how. */
  readonly text: string;
}

const FIXES: Readonly<Record<RootCause, RunbookFix>> = {
  NO_KEY: {
    title: 'Send an Idempotency-Key with every booking',
    text:
      'Mint one Idempotency-Key per booking when the guest confirms, and send the same key on every ' +
      'retry and re-click (a new key per attempt books again); the server answers a booking request ' +
      'without a key with 400.',
  },
  TIMEOUT_RETRY: {
    title: "Answer a retry from the key's record",
    text:
      "Raise the gateway's (and the client's) timeout above the backend's, and answer a retry with " +
      "the stored result of its key's record instead of booking again; while the first request is " +
      'still running, the retry gets 409.',
  },
  RACE: {
    title: "Take the key's lock in the booking's transaction",
    text:
      "Claim the idempotency key in the booking's own database transaction, so the lock, the " +
      "booking and the key's stored result commit together, and answer a second request with 409 " +
      'while the first holds it; a lock outside the transaction can expire under a slow booking.',
  },
  MISSING_DEDUP: {
    title: 'Deduplicate bookings server-side',
    text:
      'Before booking, look for a live booking with the same guest, stay, room type and rate, and ' +
      "answer with it instead of booking again; let one checkout's rooms through, since rooms booked " +
      'on purpose share guest, stay and room type (a unique index on those would refuse them).',
  },
  UNKNOWN: {
    title: 'Find the missing evidence',
    text:
      "The sets' creating requests are missing from the gateway log: check the log's retention and " +
      "coverage for this client, then follow the bookings' correlation ids through the client's own " +
      'logs to see whether it retried, timed out or raced.',
  },
};

/** The runbook's fix for a root cause. */
export function runbookFix(cause: RootCause): RunbookFix {
  return FIXES[cause];
}
