/**
 * `npm run bench`: a night at scale, whole runs against their floor. For each size (100,000,
 * 1,000,000 and 3,000,000 reservations by default, about five gateway log rows each, a week per
 * million) it simulates a source, then `runs` times: the floor (psql \copy of the five source
 * tables to /dev/null) and a whole `resrecon run` in a fresh home, in a child process. It prints
 * one table per size: source rows, the floor, each stage's time, the whole run, its ratio to the
 * floor, peak RSS and the output sizes, all medians. Then the incremental night: 30 nights of
 * history plus one new night, against that night alone. A benchmark, never a timed test.
 * Every run is the compiled binary (`node bin/resrecon.js run`), as a user starts it; dist/ is
 * rebuilt first when a source file is newer than it.
 *   npm run bench -- [--sizes 100000,1000000,3000000] [--runs 3] [--incremental 1000000 (reservations in the 30 nights of history; 0: skip)] [--updated-at-index]
 *   npm run bench -- --year [--nights 365] [--per-night 3000] [--seed 44]: a year of nights in one home (scripts/bench/run-year.ts)
 *   npm run bench -- --check: the guard against slow drift, against scripts/bench/ceilings.json (scripts/bench/check.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { simulate } from '../src/simulate/index.ts';
import { createTestDatabase } from '../test/support/pg.ts';
import { benchCheck } from './bench/check.ts';
import { copyFloorMs } from './bench/copy-floor.ts';
import { ensureBuilt } from './bench/ensure-built.ts';
import { benchIncremental } from './bench/incremental.ts';
import { floorMs, median, outputSizes, type RunMeasure, sourceRows, wholeRun } from './bench/measure.ts';
import { runYear } from './bench/run-year.ts';
import { printYear, summarizeYear, writeYearCsv } from './bench/year-summary.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000,3000000' },
    runs: { type: 'string', default: '3' },
    incremental: { type: 'string', default: '1000000' },
    // The README recommends an index on "updatedAt" in the source; this measures the night with it.
    'updated-at-index': { type: 'boolean', default: false },
    year: { type: 'boolean', default: false },
    nights: { type: 'string', default: '365' },
    // 365 nights of 10,000 do not fit in 20 minutes on 2 cores: a night costs about 2 s whatever
    // its size (start, warehouse, rendering) on an idle machine, and simulating and keeping 3.65
    // million reservations aside about 6 minutes more. At 3,000 a night: about 17 minutes
    // (estimated from runs of 20 and 40 nights; twice that on a machine busy with other work).
    'per-night': { type: 'string', default: '3000' },
    seed: { type: 'string', default: '44' },
    check: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number): string =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
const STAGES = [
  'extract',
  'rules',
  'bookings',
  'retention',
  'compact',
  'precision',
  'reconcile',
  'regressions',
  'report',
  'render',
  'write',
  'queue',
  'deliver',
] as const;

/** The stage during which a run's peak RSS was reached: the first whose end shows the peak. */
function peakStage(m: RunMeasure): string {
  const ends = Object.entries(m.peakRssMiB);
  const peak = Math.max(...ends.map(([, v]) => v));
  return ends.find(([, v]) => v === peak)?.[0] ?? 'startup';
}

async function benchSize(reservations: number): Promise<void> {
  const days = Math.max(1, Math.round((7 * reservations) / 1_000_000));
  const from = new Date(START).toISOString();
  const to = new Date(START + days * DAY).toISOString();
  const db = await createTestDatabase('resrecon_bench');
  const work = mkdtempSync(join(tmpdir(), 'resrecon-bench-'));
  try {
    log(`\nsimulating ${reservations.toLocaleString('en')} reservations over ${days} nights …`);
    const sim = await simulate({ targetUrl: db.url, seed: 42, reservations, from, to });
    log(`  in ${sim.seconds} s`);
    const rows = await sourceRows(db.url);
    const floors: number[] = [];
    const copies: number[] = [];
    const measures: RunMeasure[] = [];
    for (let i = 0; i < runs; i++) {
      floors.push(await floorMs(db.url));
      copies.push(await copyFloorMs(db.url, { from, to }));
      measures.push(await wholeRun(db.url, from, to, join(work, `home-${i}`), join(work, `out-${i}`)));
      log(
        `  try ${i + 1}/${runs}: floor ${s(floors.at(-1)!)}, whole run ${s(measures.at(-1)!.wallMs)}, peak RSS ${measures.at(-1)!.maxRssMiB} MiB`,
      );
    }
    const floor = median(floors);
    const copy = median(copies);
    const extractMs = median(measures.map((m) => m.timings['extract'] ?? 0));
    const whole = median(measures.map((m) => m.wallMs));
    const sizes = await outputSizes(measures[0]!.outDir);
    log(`\n### ${reservations.toLocaleString('en')} reservations (${days} nights), median of ${runs}`);
    log('| measure | value |');
    log('|---|---|');
    log(
      `| source rows | ${Object.entries(rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(', ')} |`,
    );
    log(`| duplicate and look-alike sets | ${measures[0]!.sets.toLocaleString('en')} |`);
    log(`| floor: psql \\copy of the five tables | ${s(floor)} |`);
    log(
      `| extract vs COPY of the same rows (psql \\copy of the backfill's own SELECTs) | ${s(extractMs)} / ${s(copy)} = **${(extractMs / copy).toFixed(2)}×** (target ≤ 1.2×) |`,
    );
    for (const stage of STAGES) {
      const xs = measures.map((m) => m.timings[stage]).filter((x): x is number => x !== undefined);
      if (xs.length > 0) log(`| ${stage} | ${s(median(xs))} |`);
    }
    log(
      `| **whole run** (process start to exit) | **${s(whole)} = ${(whole / floor).toFixed(2)}× the floor** |`,
    );
    log(
      `| peak RSS | ${median(measures.map((m) => m.maxRssMiB))} MiB (set during ${peakStage(measures[0]!)}) |`,
    );
    log(
      `| output files | ${Object.entries(sizes.files)
        .map(([f, b]) => `${f} ${mib(b)}`)
        .join(', ')} |`,
    );
    for (const [audience, e] of Object.entries(sizes.emails)) {
      const att = Object.entries(e.attachments)
        .map(([f, b]) => `${f} ${mib(b)}`)
        .join(', ');
      log(`| ${audience} email | HTML ${mib(e.html)}${att ? `; attachments ${att}` : ''} |`);
    }
    const steps = Object.keys(measures[0]!.timings).filter((k) => k.startsWith('rules:'));
    log(
      `  rules by step: ${steps.map((k) => `${k.slice(6)} ${median(measures.map((m) => m.timings[k] ?? 0))} ms`).join(', ')}`,
    );
  } finally {
    await db.drop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function benchYear(): Promise<void> {
  const nights = Number(values.nights);
  const perNight = Number(values['per-night']);
  const seed = Number(values.seed);
  const t0 = performance.now();
  const r = await runYear({ nights, perNight, seed, progress: (l) => process.stderr.write(`${l}\n`) });
  const csv = join(
    ROOT,
    'out',
    'bench',
    `year-${nights}x${perNight}-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`,
  );
  writeYearCsv(csv, r.rows);
  log(
    `\n### a year of nights: ${nights} nights of ${perNight.toLocaleString('en')} reservations, one home (seed ${seed})`,
  );
  log(
    `simulate ${r.simulateSeconds} s, keeping the year aside ${r.keepSeconds} s, revealing the nights ${r.revealSeconds} s; ` +
      `the whole bench ${((performance.now() - t0) / 60_000).toFixed(1)} min`,
  );
  printYear(log, summarizeYear(r.rows));
  log(`per-night rows: ${csv}`);
}

async function benchSizes(): Promise<void> {
  for (const size of values.sizes
    .split(',')
    .map(Number)
    .filter((n) => n > 0))
    await benchSize(size);
  const history = Number(values.incremental);
  if (history > 0) await benchIncrementalNight(history);
}

async function benchIncrementalNight(history: number): Promise<void> {
  const nights = 31;
  const from = new Date(START).toISOString();
  const cut = new Date(START + 30 * DAY).toISOString();
  const to = new Date(START + nights * DAY).toISOString();
  const db = await createTestDatabase('resrecon_bench_full');
  try {
    const total = Math.round((history * nights) / 30);
    log(
      `\nsimulating ${nights} nights, ${total.toLocaleString('en')} reservations, for the incremental night …`,
    );
    await simulate({ targetUrl: db.url, seed: 43, reservations: total, from, to });
    const withIndex = values['updated-at-index'];
    const r = await benchIncremental(db.url, from, cut, to, runs, log, { updatedAtIndex: withIndex });
    log(
      `\n### incremental night: 30 nights of history (${history.toLocaleString('en')} reservations) plus one, median of ${runs}${withIndex ? ', source indexed on "updatedAt"' : ''}`,
    );
    log('| measure | value |');
    log('|---|---|');
    const stages = (m: RunMeasure): string =>
      STAGES.filter((k) => m.timings[k] !== undefined)
        .map((k) => `${k} ${s(m.timings[k]!)}`)
        .join(', ');
    log(
      `| the new night, incrementally, over 30 nights of history | ${s(r.incrementalMs)}: ${r.incremental.sets} sets; ${stages(r.incremental)} |`,
    );
    log(
      `| the same night alone, fresh | ${s(r.oneNightMs)}: ${r.oneNight.sets} sets; ${stages(r.oneNight)} |`,
    );
    log(`| **ratio** | **${r.ratio}×** (target ≤ 1.3×) |`);
    log(`| peak RSS, incremental / alone | ${r.incremental.maxRssMiB} / ${r.oneNight.maxRssMiB} MiB |`);
  } finally {
    await db.drop();
  }
}

ensureBuilt(log);
if (values.year) await benchYear();
else if (values.check) process.exitCode = await benchCheck(log);
else await benchSizes();
