/**
 * `npm run eval`: simulates fresh labelled histories (seeds no test uses), runs extract and the
 * rules on them exactly as a run would, and scores the labels against the simulator's truth,
 * once with the runbook's mix and once with an even mix.
 *   npm run eval -- [--reservations 100000] [--seed 7301]
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { extract } from '../src/extract/index.ts';
import { runRules } from '../src/rules/index.ts';
import { RUNBOOK_MIX, simulate } from '../src/simulate/index.ts';
import { Warehouse } from '../src/warehouse/index.ts';
import { createTestDatabase } from '../test/support/pg.ts';
import {
  formatMisses,
  formatScore,
  type Score,
  score,
  type TruthLookalike,
  type TruthSet,
} from './eval/score.ts';

const { values } = parseArgs({
  options: {
    reservations: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7301' },
    explain: { type: 'string', default: '0' },
  },
});

const MIXES = [
  { name: 'runbook mix 60/25/10/5', mix: RUNBOOK_MIX },
  { name: 'even mix 25/25/25/25', mix: { NO_KEY: 25, TIMEOUT_RETRY: 25, RACE: 25, MISSING_DEDUP: 25 } },
];
const from = '2026-10-01T00:00:00Z';
const to = '2026-10-15T00:00:00Z';

async function readTruth(url: string): Promise<{ sets: TruthSet[]; lookalikes: TruthLookalike[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sets = await client.query(
      'SELECT set_no, root_cause, reservation_ids, keep_reservation_id, logs_available FROM simulation.duplicate_sets ORDER BY set_no',
    );
    const groups = await client.query(
      'SELECT group_no, kind, reservation_ids FROM simulation.lookalike_groups ORDER BY group_no',
    );
    return {
      sets: sets.rows.map((r) => ({
        setNo: r.set_no,
        rootCause: r.root_cause,
        reservationIds: r.reservation_ids,
        keepReservationId: r.keep_reservation_id,
        logsAvailable: r.logs_available,
      })),
      lookalikes: groups.rows.map((r) => ({
        groupNo: r.group_no,
        kind: r.kind,
        reservationIds: r.reservation_ids,
      })),
    };
  } finally {
    await client.end();
  }
}

async function evaluate(name: string, mix: Record<string, number>, seed: number): Promise<Score> {
  const db = await createTestDatabase('resrecon_eval');
  const wh = await Warehouse.open(':memory:');
  try {
    const t0 = performance.now();
    await simulate({
      targetUrl: db.url,
      seed,
      reservations: Number(values.reservations),
      from,
      to,
      mix: mix as { NO_KEY: number; TIMEOUT_RETRY: number; RACE: number; MISSING_DEDUP: number },
    });
    const t1 = performance.now();
    await extract({
      source: { kind: 'postgres', url: db.url, statementTimeoutMs: 600_000, overlapMinutes: 10, tables: {} },
      warehouse: wh,
      window: { from, to },
      runId: `eval-${seed}`,
      full: true,
    });
    const t2 = performance.now();
    const result = await runRules({ warehouse: wh, window: { from, to } });
    const t3 = performance.now();
    const truth = await readTruth(db.url);
    const s = score(result.sets, truth.sets, truth.lookalikes);
    console.log(formatScore(`${name}, seed ${seed}, ${values.reservations} reservations`, s));
    if (Number(values.explain) > 0) console.log(formatMisses(s, Number(values.explain)));
    console.log(
      `simulate ${((t1 - t0) / 1000).toFixed(1)} s, extract ${((t2 - t1) / 1000).toFixed(1)} s, rules ${((t3 - t2) / 1000).toFixed(1)} s\n`,
    );
    return s;
  } finally {
    wh.close();
    await db.drop();
  }
}

const seed = Number(values.seed);
let ok = true;
for (const [i, { name, mix }] of MIXES.entries()) {
  const s = await evaluate(name, mix, seed + i);
  const pass =
    s.accuracyWithLogs >= 0.97 && s.lookalikesFlagged.length === 0 && s.unknownRateWithLogs <= 0.02;
  console.log(
    `${name}: ${pass ? 'PASS' : 'FAIL'} (targets: accuracy >= 97%, no look-alike flagged, UNKNOWN <= 2%)\n`,
  );
  ok &&= pass;
}
process.exitCode = ok ? 0 : 1;
