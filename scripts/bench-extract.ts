/**
 * Benchmark of the extract stage against its floor (issue 3). Fills a scratch PostgreSQL
 * database with the simulator (1,000,000 reservations by default, with their payments,
 * idempotency rows and ~5,000,000 api_logs rows), then alternates, `runs` times each:
 *   - the floor: `psql \copy (SELECT …) TO /dev/null (FORMAT csv)` of exactly the SELECTs a
 *     backfill issues, one psql per table, summed;
 *   - a backfill into a fresh DuckDB file, in a child process (its peak RSS is the extract's own),
 *     followed by a second run on the same file with no new rows.
 * Prints the medians, the ratio to the floor and the peak RSS.
 *
 *   node --import tsx scripts/bench-extract.ts [--reservations N] [--runs N] [--keep URL]
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extract } from '../src/extract/index.ts';
import { simulate } from '../src/simulate/index.ts';
import { Warehouse } from '../src/warehouse/index.ts';
import { createTestDatabase } from '../test/support/pg.ts';
import { copyFloor, floorQueries } from './bench/copy-floor.ts';

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const FROM = '2026-01-01T00:00:00Z';
const TO = '2026-01-31T00:00:00Z';

export interface BenchExtractOptions {
  readonly reservations?: number;
  readonly runs?: number;
  /** An already simulated database to reuse instead of a fresh scratch one. */
  readonly sourceUrl?: string;
  readonly log?: (line: string) => void;
}

export interface BenchExtractResult {
  readonly rows: Record<string, number>;
  readonly floorMs: number;
  readonly floorByTable: Record<string, number>;
  readonly extractMs: number;
  readonly extractByTable: Record<string, number>;
  readonly ratio: number;
  readonly peakRssMiB: number;
  readonly secondRunMs: number;
}

interface ChildReport {
  full: { totalMs: number; tables: { table: string; rows: number; ms: number }[] };
  again: { totalMs: number; incremental: boolean; rows: number };
  maxRssKiB: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function extractRun(url: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as ChildReport)
        : reject(new Error(`extract child exited ${code}`)),
    );
  });
}

/** In the child: a backfill into a fresh file, then a run with no new rows, then the peak RSS. */
async function child(url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'resrecon-bench-'));
  try {
    const wh = await Warehouse.open(join(dir, 'warehouse.duckdb'));
    const source = {
      kind: 'postgres',
      url,
      statementTimeoutMs: 3_600_000,
      overlapMinutes: 10,
      tables: {},
    } as const;
    const window = { from: FROM, to: TO };
    const full = await extract({ source, warehouse: wh, window, runId: 'bench-full' });
    const again = await extract({ source, warehouse: wh, window, runId: 'bench-again' });
    wh.close();
    const report: ChildReport = {
      full: { totalMs: full.totalMs, tables: full.tables },
      again: {
        totalMs: again.totalMs,
        incremental: again.incremental,
        rows: again.tables.reduce((n, t) => n + t.rows, 0),
      },
      maxRssKiB: process.resourceUsage().maxRSS,
    };
    process.stdout.write(JSON.stringify(report));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchExtract(options: BenchExtractOptions = {}): Promise<BenchExtractResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const runs = options.runs ?? 5;
  const db = options.sourceUrl ? null : await createTestDatabase('bench_extract');
  const url = options.sourceUrl ?? db!.url;
  try {
    if (db) {
      const reservations = options.reservations ?? 1_000_000;
      log(`simulating ${reservations.toLocaleString('en')} reservations into ${db.name} …`);
      const sim = await simulate({ targetUrl: url, seed: 42, reservations, from: FROM, to: TO });
      log(`  ${JSON.stringify(sim.rows)} in ${sim.seconds} s`);
    }
    await run('psql', [url, '-X', '-q', '-c', 'VACUUM ANALYZE']);
    const queries = await floorQueries(url, { from: FROM, to: TO });
    const floors: Record<string, number>[] = [];
    const extracts: ChildReport[] = [];
    for (let i = 0; i < runs; i++) {
      floors.push(await copyFloor(url, queries));
      extracts.push(await extractRun(url));
      const f = Object.values(floors[i]!).reduce((a, b) => a + b, 0);
      log(
        `run ${i + 1}/${runs}: floor ${(f / 1000).toFixed(2)} s, extract ${(extracts[i]!.full.totalMs / 1000).toFixed(2)} s, ` +
          `second run ${extracts[i]!.again.totalMs} ms (${extracts[i]!.again.rows} rows), ` +
          `peak RSS ${(extracts[i]!.maxRssKiB / 1024).toFixed(0)} MiB`,
      );
    }
    const tables = Object.keys(queries);
    const floorByTable = Object.fromEntries(
      tables.map((t) => [t, Math.round(median(floors.map((f) => f[t]!)))]),
    );
    const extractByTable = Object.fromEntries(
      tables.map((t) => [
        t,
        Math.round(median(extracts.map((e) => e.full.tables.find((x) => x.table === t)!.ms))),
      ]),
    );
    const floorMs = median(floors.map((f) => Object.values(f).reduce((a, b) => a + b, 0)));
    const extractMs = median(extracts.map((e) => e.full.totalMs));
    return {
      rows: Object.fromEntries(extracts[0]!.full.tables.map((t) => [t.table, t.rows])),
      floorMs: Math.round(floorMs),
      floorByTable,
      extractMs: Math.round(extractMs),
      extractByTable,
      ratio: Math.round((extractMs / floorMs) * 100) / 100,
      peakRssMiB: Math.round(Math.max(...extracts.map((e) => e.maxRssKiB)) / 1024),
      secondRunMs: Math.round(median(extracts.map((e) => e.again.totalMs))),
    };
  } finally {
    await db?.drop();
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === '--child') {
    await child(process.argv[3]!);
  } else {
    const result = await benchExtract({
      reservations: arg('--reservations') ? Number(arg('--reservations')) : undefined,
      runs: arg('--runs') ? Number(arg('--runs')) : undefined,
      sourceUrl: arg('--keep'),
    });
    console.log(JSON.stringify(result, null, 2));
    console.log(
      `extract ${(result.extractMs / 1000).toFixed(2)} s vs floor ${(result.floorMs / 1000).toFixed(2)} s: ` +
        `${result.ratio}× (target ≤ 1.5×); peak RSS ${result.peakRssMiB} MiB (target < 1024); ` +
        `second run ${result.secondRunMs} ms (target < 2000)`,
    );
  }
}
