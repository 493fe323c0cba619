/**
 * Formatting shared by the three views. Values are formatted here, in code, so templates only
 * place strings; dates are shown in UTC so every reader sees the same clock. Money is written by
 * the model's formatMoney and formatMoneyList, as everywhere else.
 */
import type { RootCause } from './types.ts';

const CAUSES: Readonly<Record<RootCause, { label: string; colour: string }>> = {
  NO_KEY: { label: 'Retry without idempotency key', colour: '#2f5d8a' },
  TIMEOUT_RETRY: { label: 'Retry after timeout', colour: '#c98a2e' },
  MISSING_DEDUP: { label: 'No server-side deduplication', colour: '#5b8a6b' },
  RACE: { label: 'Concurrent requests (race)', colour: '#a8463b' },
  UNKNOWN: { label: 'Unknown', colour: '#8d939c' },
};

export function causeLabel(cause: RootCause): string {
  return CAUSES[cause].label;
}

export function causeColour(cause: RootCause): string {
  return CAUSES[cause].colour;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-26T14:02:11.204518Z" -> "26 Nov 2026 14:02 UTC"; unparseable text is shown as it is. */
export function formatTimestamp(iso: string, withSeconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = withSeconds ? `:${String(d.getUTCSeconds()).padStart(2, '0')}` : '';
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm}${ss} UTC`;
}

/** "2026-12-18" -> "18 Dec 2026" without going through a time zone. */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

export function formatWindow(window: { from: string; to: string }): string {
  return `${formatTimestamp(window.from)} – ${formatTimestamp(window.to)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** Share as a whole percent ("23%"); "<1%" so a rare event never reads as none; "–" for 0 of 0. */
export function percent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const p = Math.round((part / whole) * 100);
  return p === 0 && part > 0 ? '<1%' : `${p}%`;
}

export function count(n: number): string {
  return n.toLocaleString('en-GB');
}
