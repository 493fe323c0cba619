/**
 * What a year of nights comes to: per month (30-night blocks) the median night, the peak RSS and
 * what lies on disk at the month's end; then the targets of a flat nightly cost and a bounded
 * disk. The per-night rows also go to a CSV file, for charts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { median } from './measure.ts';
import type { NightRow } from './run-year.ts';

const MONTH = 30;
const WEEK = 7;
const STAGES = ['extract', 'rules', 'reconcile', 'report', 'render', 'write', 'queue', 'deliver'] as const;

export interface MonthRow {
  readonly month: number;
  readonly nights: string;
  readonly medianMs: number;
  readonly peakRssMiB: number;
  readonly warehouseBytes: number;
  readonly stateBytes: number;
  readonly outputBytes: number;
}

export interface YearSummary {
  readonly months: readonly MonthRow[];
  /** The nights whose weeks are compared: the week ending at `early.end`, and the last week. */
  readonly early: { readonly end: number; readonly medianMs: number };
  readonly late: { readonly end: number; readonly medianMs: number };
  /** Late week's median night over the early week's. */
  readonly weekRatio: number;
  /** Max over min of the month-end warehouse sizes from month 2 on (null with under 2 such months). */
  readonly warehouseFlat: number | null;
  /** The warehouse at the last night over the warehouse at month 1's end. */
  readonly warehouseGrowth: number;
  readonly firstMonthRssMiB: number;
  readonly lastMonthRssMiB: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function weekMedian(rows: readonly NightRow[], end: number): number {
  return median(rows.filter((r) => r.night > end - WEEK && r.night <= end).map((r) => r.wallMs));
}

export function summarizeYear(rows: readonly NightRow[]): YearSummary {
  const months: MonthRow[] = [];
  for (let i = 0; i * MONTH < rows.length; i++) {
    const block = rows.slice(i * MONTH, (i + 1) * MONTH);
    const last = block.at(-1)!;
    months.push({
      month: i + 1,
      nights: `${block[0]!.night}–${last.night}`,
      medianMs: median(block.map((r) => r.wallMs)),
      peakRssMiB: Math.max(...block.map((r) => r.peakRssMiB)),
      warehouseBytes: last.warehouseBytes,
      stateBytes: last.stateBytes,
      outputBytes: last.outputBytes,
    });
  }
  const nights = rows.length;
  // Night 30 against the last night, each as the median of the week ending at it; a short year
  // compares its last week with the first one that does not overlap it.
  const earlyEnd = Math.max(WEEK, Math.min(MONTH, nights - WEEK));
  const early = weekMedian(rows, earlyEnd);
  const late = weekMedian(rows, nights);
  const fromMonth2 = months.slice(1).map((m) => m.warehouseBytes);
  const monthOneEnd = rows[Math.min(MONTH, nights) - 1]!.warehouseBytes;
  return {
    months,
    early: { end: earlyEnd, medianMs: early },
    late: { end: nights, medianMs: late },
    weekRatio: round2(late / early),
    warehouseFlat: fromMonth2.length >= 2 ? round2(Math.max(...fromMonth2) / Math.min(...fromMonth2)) : null,
    warehouseGrowth: round2(rows.at(-1)!.warehouseBytes / monthOneEnd),
    firstMonthRssMiB: months[0]!.peakRssMiB,
    lastMonthRssMiB: months.at(-1)!.peakRssMiB,
  };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export function printYear(log: (line: string) => void, y: YearSummary): void {
  log('| month | nights | median night | peak RSS | warehouse | state store | output folders |');
  log('|---|---|---|---|---|---|---|');
  for (const m of y.months)
    log(
      `| ${m.month} | ${m.nights} | ${s(m.medianMs)} | ${m.peakRssMiB} MiB | ${mib(m.warehouseBytes)} | ${mib(m.stateBytes)} | ${mib(m.outputBytes)} |`,
    );
  log('');
  log('| target | value |');
  log('|---|---|');
  log(
    `| night ${y.late.end} vs night ${y.early.end} (median of the week ending at each) | ` +
      `${s(y.late.medianMs)} / ${s(y.early.medianMs)} = **${y.weekRatio}×** (target ≤ 1.2×) |`,
  );
  log(
    `| warehouse flat from month 2 (max / min of month-end sizes) | ${
      y.warehouseFlat === null ? 'n/a (fewer than two months after the first)' : `**${y.warehouseFlat}×**`
    } (target ≤ 1.1×) |`,
  );
  log(`| warehouse, last night / month 1's end | ${y.warehouseGrowth}× |`);
  log(`| peak RSS, first month / last month | ${y.firstMonthRssMiB} / ${y.lastMonthRssMiB} MiB |`);
}

/** Writes one CSV line per night to `path` (its folder made if missing). */
export function writeYearCsv(path: string, rows: readonly NightRow[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const lines = rows.map((r) => ({
    night: r.night,
    from: r.from,
    to: r.to,
    revealed_bookings: r.revealed,
    wall_ms: r.wallMs,
    ...Object.fromEntries(STAGES.map((k) => [`${k}_ms`, r.timings[k] ?? ''])),
    peak_rss_mib: r.peakRssMiB,
    warehouse_bytes: r.warehouseBytes,
    state_bytes: r.stateBytes,
    output_bytes: r.outputBytes,
    sets: r.sets,
  }));
  writeFileSync(path, stringify(lines, { header: true }));
}
