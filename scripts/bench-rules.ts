/**
 * Benchmark of the rules stage (issue 4): extracts a simulated source into a DuckDB file once,
 * then runs every rule over it `runs` times and prints the median time per rule and in all.
 *   node --import tsx scripts/bench-rules.ts --source URL [--from ISO --to ISO] [--runs 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extract } from '../src/extract/index.ts';
import { runRules } from '../src/rules/index.ts';
import { Warehouse } from '../src/warehouse/index.ts';

export interface BenchRulesOptions {
  readonly sourceUrl: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly runs?: number;
  readonly log?: (line: string) => void;
}

export interface BenchRulesResult {
  readonly reservations: number;
  readonly apiLogs: number;
  readonly sets: number;
  readonly totalMs: number;
  readonly byRule: Record<string, number>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function benchRules(options: BenchRulesOptions): Promise<BenchRulesResult> {
  const log = options.log ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'resrecon-bench-rules-'));
  const wh = await Warehouse.open(join(dir, 'warehouse.duckdb'));
  try {
    await extract({
      source: {
        kind: 'postgres',
        url: options.sourceUrl,
        statementTimeoutMs: 3_600_000,
        overlapMinutes: 10,
        tables: {},
      },
      warehouse: wh,
      window: options.window,
      runId: 'bench-rules',
      full: true,
    });
    const counts = await wh.one<{ r: string; l: string }>(
      'SELECT (SELECT count(*) FROM reservation)::VARCHAR AS r, (SELECT count(*) FROM api_log)::VARCHAR AS l',
    );
    const totals: number[] = [];
    const perRule = new Map<string, number[]>();
    let sets = 0;
    for (let i = 0; i < (options.runs ?? 5); i++) {
      const t0 = performance.now();
      const result = await runRules({ warehouse: wh, window: options.window });
      totals.push(performance.now() - t0);
      sets = result.sets.length;
      for (const t of result.timings) perRule.set(t.step, [...(perRule.get(t.step) ?? []), t.ms]);
    }
    const byRule = Object.fromEntries([...perRule].map(([id, xs]) => [id, median(xs)]));
    const out: BenchRulesResult = {
      reservations: Number(counts?.r),
      apiLogs: Number(counts?.l),
      sets,
      totalMs: Math.round(median(totals)),
      byRule,
    };
    log(
      `rules over ${out.reservations} reservations and ${out.apiLogs} booking api_logs rows: ${out.sets} sets`,
    );
    for (const [id, ms] of Object.entries(byRule)) log(`  ${id.padEnd(16)} ${String(ms).padStart(7)} ms`);
    log(
      `  ${'total'.padEnd(16)} ${String(out.totalMs).padStart(7)} ms (median of ${totals.length}; target < 10000 ms)`,
    );
    return out;
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      from: { type: 'string', default: '2026-01-01T00:00:00Z' },
      to: { type: 'string', default: '2026-01-31T00:00:00Z' },
      runs: { type: 'string', default: '5' },
    },
  });
  if (!values.source) throw new Error('--source URL is required');
  await benchRules({
    sourceUrl: values.source,
    window: { from: values.from, to: values.to },
    runs: Number(values.runs),
  });
}
