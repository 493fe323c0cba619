/**
 * The one rate of copies per 1000 bookings, as report.json, the reports and the alerts give it:
 * rounded to one decimal (the reports print one), null when no booking was counted (the copies
 * came through requests no counted booking is linked to, so there is nothing to divide by).
 *
 * Copies are bookings too: each is a reservation the client made, so counted from the same
 * requests the bookings are never fewer than the copies. They can be when the two are linked
 * differently (a copy's client read from its reservation, a booking's from a request the
 * bookings count missed); the copies are then read as the bookings, so the rate tops out at
 * 1000 per 1000 instead of claiming more copies than bookings.
 */
export function perThousand(copies: number, bookings: number): number | null {
  if (bookings <= 0) return null;
  return Math.round((copies * 10_000) / Math.max(bookings, copies)) / 10;
}
