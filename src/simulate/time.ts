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

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * "2026-11-02T10:15:23.123456Z": the form both PostgreSQL and the model types read. Formatted
 * by arithmetic with the day's date cached: it runs for every timestamp of millions of rows.
 */
export function isoMicros(us: number): string {
  const whole = Math.floor(us);
  const day = Math.floor(whole / DAY);
  const date = isoDate(day);
  const inDay = whole - day * DAY;
  const secs = Math.floor(inDay / SECOND);
  const micros = inDay - secs * SECOND;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs - h * 3600) / 60);
  const frac = micros < 100_000 ? String(micros + 1_000_000).slice(1) : String(micros);
  return `${date}T${TWO[h]}:${TWO[m]}:${TWO[secs - h * 3600 - m * 60]}.${frac}Z`;
}

/** The UTC calendar day of an instant, counted in days since the epoch. */
export function dayNumber(us: number): number {
  return Math.floor(us / DAY);
}

/** Day number -> "YYYY-MM-DD". */
export function isoDate(day: number): string {
  let date = dayCache.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayCache.set(day, date);
  }
  return date;
}
const dayCache = new Map<number, string>();
