/**
 * Which reservations count: a reservation is active while PENDING or CONFIRMED
 * (docs/contracts.md section 1). The one answer for the rules, the extract, the planner's
 * retirement of plans and the executor's checks; SQL gets the list as a bound parameter
 * (`$active_statuses`), never a copy of it.
 */
import { RESERVATION_STATUSES, type ReservationStatus } from './types.ts';

export const ACTIVE_RESERVATION_STATUSES = [
  'PENDING',
  'CONFIRMED',
] as const satisfies readonly ReservationStatus[];

const ACTIVE: ReadonlySet<string> = new Set(ACTIVE_RESERVATION_STATUSES);
const KNOWN: ReadonlySet<string> = new Set(RESERVATION_STATUSES);

/** True while the reservation holds its room: PENDING or CONFIRMED. */
export function isActiveReservation(status: string | null | undefined): boolean {
  return status != null && ACTIVE.has(status);
}

/** True for a status the reference schema knows; the rules quarantine a row with any other. */
export function isKnownReservationStatus(status: string | null | undefined): boolean {
  return status != null && KNOWN.has(status);
}
