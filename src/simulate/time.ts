/**
 * Time inside the simulator is an integer count of microseconds since the Unix epoch (exact in a
 * double until the year 2255), so timestamps keep their microseconds all the way into PostgreSQL.
 */
export const MS = 1_000;
export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Parses an ISO-8601 instant into microseconds; NaN when it is not one. */
export function parseMicros(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NaN : ms * MS;
}

/** "2026-11-02T10:15:23.123456Z": the form both PostgreSQL and the model types read. */
export function isoMicros(us: number): string {
  const whole = Math.floor(us);
  const ms = Math.floor(whole / MS);
  const iso = new Date(ms).toISOString();
  const micros = String(whole - Math.floor(whole / SECOND) * SECOND).padStart(6, '0');
  return `${iso.slice(0, 19)}.${micros}Z`;
}

/** The UTC calendar day of an instant, counted in days since the epoch. */
export function dayNumber(us: number): number {
  return Math.floor(us / DAY);
}

/** Day number -> "YYYY-MM-DD". */
export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
