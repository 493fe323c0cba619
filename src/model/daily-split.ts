/**
 * When a window is read day by day: a window longer than two days (a backfill, a 30-day run) is
 * drawn in the engineering trend as its UTC days, and its clients' nights are its UTC days too,
 * so a month's run leaves thirty nights, not one, for the next baseline. Shorter windows (a night,
 * a weekend's catch-up in one go) stand as one.
 */
export const DAILY_TREND_ABOVE_MS = 2 * 86_400_000;
