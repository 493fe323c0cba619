/** The watch's interval: "15m", "30s", "1h" (a cron expression is handled by the caller). */
import { ConfigError } from '../errors/index.ts';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds of an interval like "15m", or null when the text is not one (it may be cron). */
export function intervalMs(text: string, setting = '--watch'): number | null {
  const m = /^\s*(\d+)\s*(s|m|h)\s*$/i.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
  if (ms < 1_000)
    throw new ConfigError(
      `${setting}: the watch interval ${JSON.stringify(text)} must be at least 1s`,
      setting,
    );
  return ms;
}
