/**
 * A year of nights as a deployment lives it: one simulated year kept aside (year-source.ts),
 * then night after night the rows that came to exist that night are revealed to the source and
 * `resrecon run` runs that night's window in ONE home, so the warehouse, the state store and the
 * output folders accumulate as they would; the product's own defaults decide what it keeps.
 * Each night records its wall time, stage times, peak RSS and what lies on disk after it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/simulate/index.ts';
import { createTestDatabase } from '../../test/support/pg.ts';
import { wholeRun } from './measure.ts';
import { keepYear, revealNight } from './year-source.ts';

const DAY = 86_400_000;

export interface YearOptions {
  readonly nights: number;
  readonly perNight: number;
  readonly seed: number;
  /** One short line now and then, for a person watching. */
  readonly progress: (line: string) => void;
}

export interface NightRow {
  readonly night: number;
  readonly from: string;
  readonly to: string;
  /** Bookings revealed to the source that night (new ones and changed ones). */
  readonly revealed: number;
  readonly wallMs: number;
  readonly timings: Readonly<Record<string, number>>;
  readonly peakRssMiB: number;
  /** warehouse.duckdb and its write-ahead log. */
  readonly warehouseBytes: number;
  /** The embedded state store's files (state.sqlite and its journal files). */
  readonly stateBytes: number;
  /** Every output folder still on disk. */
  readonly outputBytes: number;
  readonly sets: number;
}

export interface YearResult {
  readonly rows: readonly NightRow[];
  readonly simulateSeconds: number;
  readonly keepSeconds: number;
  /** Seconds spent revealing rows, all nights together (not part of any night's time). */
  readonly revealSeconds: number;
}

/** Bytes of the files under `path` (a file or a folder), 0 when it is not there. */
export function bytesUnder(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, f) => n + bytesUnder(join(path, f)), 0);
}

const filesStartingWith = (dir: string, prefix: string): number =>
  readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .reduce((n, f) => n + bytesUnder(join(dir, f)), 0);

/** The year ends at today's midnight (UTC), so every window lies in the past, the last just so. */
export function yearStart(nights: number, now = Date.now()): number {
  return Math.floor(now / DAY) * DAY - nights * DAY;
}

export async function runYear(options: YearOptions): Promise<YearResult> {
  const { nights, perNight, progress } = options;
  const start = yearStart(nights);
  const at = (n: number): string => new Date(start + n * DAY).toISOString();
  const db = await createTestDatabase('resrecon_bench_year');
  const work = mkdtempSync(join(tmpdir(), 'resrecon-bench-year-'));
  const home = join(work, 'home');
  const outs = join(work, 'out');
  mkdirSync(outs, { recursive: true });
  try {
    const reservations = nights * perNight;
    progress(`simulating ${reservations.toLocaleString('en')} reservations over ${nights} nights …`);
    const sim = await simulate({
      targetUrl: db.url,
      seed: options.seed,
      reservations,
      from: at(0),
      to: at(nights),
    });
    progress(`  in ${sim.seconds} s; keeping the year aside …`);
    const k0 = performance.now();
    await keepYear(db.url);
    const keepSeconds = Math.round((performance.now() - k0) / 100) / 10;
    progress(`  in ${keepSeconds} s`);
    const rows: NightRow[] = [];
    let revealMs = 0;
    for (let n = 1; n <= nights; n++) {
      const r0 = performance.now();
      // Statistics on the first night (the tables were empty) and weekly after, as autovacuum
      // keeps them on a table that grows by a few percent a night.
      const revealed = await revealNight(db.url, n === 1 ? '-infinity' : at(n - 1), at(n), {
        analyze: n % 7 === 1,
      });
      revealMs += performance.now() - r0;
      const m = await wholeRun(db.url, at(n - 1), at(n), home, join(outs, String(n).padStart(3, '0')));
      const row: NightRow = {
        night: n,
        from: at(n - 1),
        to: at(n),
        revealed: (revealed['Reservation'] ?? 0) + (revealed['Reservation changed'] ?? 0),
        wallMs: m.wallMs,
        timings: m.timings,
        peakRssMiB: m.maxRssMiB,
        warehouseBytes: filesStartingWith(home, 'warehouse.duckdb'),
        stateBytes: filesStartingWith(home, 'state.sqlite'),
        outputBytes: bytesUnder(outs),
        sets: m.sets,
      };
      rows.push(row);
      progress(
        `night ${n}/${nights}: ${(row.wallMs / 1000).toFixed(2)} s, ${row.revealed} bookings, ${row.sets} sets, ` +
          `peak ${row.peakRssMiB} MiB, warehouse ${(row.warehouseBytes / 2 ** 20).toFixed(1)} MiB`,
      );
    }
    return { rows, simulateSeconds: sim.seconds, keepSeconds, revealSeconds: Math.round(revealMs / 1000) };
  } finally {
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}
