/**
 * `npm run bench -- --check`: a guard against slow drift, a few minutes on two cores. A small
 * first night (whole run against the floor, extract against the COPY of its own SELECTs, peak
 * RSS, the largest email), a small incremental night against the same night alone, and a short
 * year in one home (its late week against its early week, the warehouse's growth after the first
 * month), each against the ceiling kept in scripts/bench/ceilings.json. Ratios rather than
 * seconds, so a slower machine does not fail it; medians of three where a try is cheap. Prints
 * one table and answers 1 when any measure is past its ceiling.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { simulate } from '../../src/simulate/index.ts';
import { createTestDatabase } from '../../test/support/pg.ts';
import { copyFloorMs } from './copy-floor.ts';
import { benchIncremental } from './incremental.ts';
import { floorMs, median, outputSizes, wholeRun } from './measure.ts';
import { runYear } from './run-year.ts';
import { summarizeYear } from './year-summary.ts';

const DAY = 86_400_000;
const TRIES = 3;
/** The sizes the ceilings were set at: change them and the ceilings mean nothing. */
export const CHECK_SIZES = {
  firstNight: 100_000,
  incrementalHistory: 100_000,
  yearNights: 40,
  yearPerNight: 1_500,
} as const;

const Ceilings = z.record(
  z.string(),
  z.object({ unit: z.string(), measured: z.number(), ceiling: z.number(), why: z.string() }),
);

type Measures = Record<string, number>;

async function firstNight(progress: (line: string) => void): Promise<Measures> {
  const start = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
  const from = new Date(start).toISOString();
  const to = new Date(start + DAY).toISOString();
  const db = await createTestDatabase('resrecon_check_night');
  const work = mkdtempSync(join(tmpdir(), 'resrecon-check-'));
  try {
    progress(`first night: simulating ${CHECK_SIZES.firstNight.toLocaleString('en')} reservations …`);
    await simulate({ targetUrl: db.url, seed: 42, reservations: CHECK_SIZES.firstNight, from, to });
    const floors: number[] = [];
    const copies: number[] = [];
    const runs = [];
    for (let i = 0; i < TRIES; i++) {
      floors.push(await floorMs(db.url));
      copies.push(await copyFloorMs(db.url, { from, to }));
      runs.push(await wholeRun(db.url, from, to, join(work, `home-${i}`), join(work, `out-${i}`)));
      progress(`  try ${i + 1}/${TRIES}: whole run ${runs.at(-1)!.wallMs} ms, floor ${floors.at(-1)} ms`);
    }
    const sizes = await outputSizes(runs[0]!.outDir);
    return {
      'first-night-vs-floor': median(runs.map((r) => r.wallMs)) / median(floors),
      'first-night-extract-vs-copy': median(runs.map((r) => r.timings['extract'] ?? 0)) / median(copies),
      'first-night-peak-rss': median(runs.map((r) => r.maxRssMiB)),
      'first-night-email-html': Math.max(...Object.values(sizes.emails).map((e) => e.html)) / 1024,
    };
  } finally {
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function incrementalNight(progress: (line: string) => void): Promise<Measures> {
  const start = Math.floor(Date.now() / DAY) * DAY - 32 * DAY;
  const at = (n: number): string => new Date(start + n * DAY).toISOString();
  const db = await createTestDatabase('resrecon_check_inc');
  try {
    progress('incremental night: simulating 31 nights …');
    const total = Math.round((CHECK_SIZES.incrementalHistory * 31) / 30);
    await simulate({ targetUrl: db.url, seed: 43, reservations: total, from: at(0), to: at(31) });
    const r = await benchIncremental(db.url, at(0), at(30), at(31), TRIES, progress);
    return { 'incremental-vs-alone': r.ratio };
  } finally {
    await db.drop();
  }
}

async function shortYear(progress: (line: string) => void): Promise<Measures> {
  const { rows } = await runYear({
    nights: CHECK_SIZES.yearNights,
    perNight: CHECK_SIZES.yearPerNight,
    seed: 44,
    progress: (line) => {
      if (
        !line.startsWith('night ') ||
        line.startsWith(`night ${CHECK_SIZES.yearNights}/`) ||
        /^night \d*0\//.test(line)
      )
        progress(`short year: ${line}`);
    },
  });
  const y = summarizeYear(rows);
  return { 'year-late-vs-early-week': y.weekRatio, 'year-warehouse-growth': y.warehouseGrowth };
}

const fmt = (x: number, unit: string): string => `${unit === '×' ? x.toFixed(2) : Math.round(x)} ${unit}`;

/** Runs the check, prints its table on `log`, and returns the exit status (1: past a ceiling). */
export async function benchCheck(log: (line: string) => void): Promise<number> {
  const ceilings = Ceilings.parse(
    JSON.parse(readFileSync(new URL('./ceilings.json', import.meta.url), 'utf8')),
  );
  const progress = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const t0 = performance.now();
  const measures: Measures = {};
  for (const [part, measure] of [
    ['first night', firstNight],
    ['incremental night', incrementalNight],
    ['short year', shortYear],
  ] as const) {
    const p0 = performance.now();
    Object.assign(measures, await measure(progress));
    progress(`${part}: done in ${((performance.now() - p0) / 1000).toFixed(0)} s`);
  }
  let failed = 0;
  log(
    `\n### bench check (${((performance.now() - t0) / 60_000).toFixed(1)} min), ceilings in scripts/bench/ceilings.json`,
  );
  log('| measure | value | ceiling | |');
  log('|---|---|---|---|');
  for (const [name, value] of Object.entries(measures)) {
    const c = ceilings[name];
    if (!c) {
      failed++;
      log(`| ${name} | ${value.toFixed(2)} | none in ceilings.json | FAIL |`);
      continue;
    }
    const ok = value <= c.ceiling;
    if (!ok) failed++;
    log(`| ${name} | ${fmt(value, c.unit)} | ${fmt(c.ceiling, c.unit)} | ${ok ? 'ok' : 'FAIL'} |`);
  }
  if (failed > 0) log(`${failed} measure(s) past their ceiling`);
  return failed > 0 ? 1 : 0;
}
