/**
 * `npm run eval`: simulates fresh labelled histories (seeds no test uses), runs extract and the
 * rules on them exactly as a run would, plans every DUPLICATE set with the default options, and
 * scores labels and plans against the simulator's truth, once with the runbook's mix and once
 * with an even mix: overall, then per reality of real traffic (each duplicate-set variant, each
 * look-alike kind), then the targets. Then the release regression: twenty nights in which a
 * client's new release starts re-sending without keys on night 15, judged as the product judges
 * its clients' nights (scripts/eval/release-regression.ts). Exit status 1 when a target fails.
 *   npm run eval -- [--reservations 100000] [--seed 7301] [--explain N] [--regression-reservations 40000]
 */
import { parseArgs } from 'node:util';
import { extract } from '../src/extract/index.ts';
import { runRules } from '../src/rules/index.ts';
import { RUNBOOK_MIX, simulate } from '../src/simulate/index.ts';
import { Warehouse } from '../src/warehouse/index.ts';
import { createTestDatabase } from '../test/support/pg.ts';
import { formatRealities, formatTargets } from './eval/format-realities.ts';
import { planAll } from './eval/plan-sets.ts';
import { readTruth } from './eval/read-truth.ts';
import { evaluateRegression } from './eval/release-regression.ts';
import { formatMisses, formatScore, score } from './eval/score.ts';
import { scoreRealities } from './eval/score-realities.ts';
import { checkTargets, type Target } from './eval/targets.ts';

const { values } = parseArgs({
  options: {
    reservations: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7301' },
    explain: { type: 'string', default: '0' },
    'regression-reservations': { type: 'string', default: '40000' },
  },
});

const MIXES = [
  { name: 'runbook mix 60/25/10/5', mix: RUNBOOK_MIX },
  { name: 'even mix 25/25/25/25', mix: { NO_KEY: 25, TIMEOUT_RETRY: 25, RACE: 25, MISSING_DEDUP: 25 } },
];
const from = '2026-10-01T00:00:00Z';
const to = '2026-10-15T00:00:00Z';

async function evaluate(name: string, mix: Record<string, number>, seed: number): Promise<Target[]> {
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
    const plans = planAll(result.sets);
    const s = score(result.sets, truth.sets, truth.lookalikes);
    console.log(formatScore(`${name}, seed ${seed}, ${values.reservations} reservations`, s));
    console.log('');
    const realities = scoreRealities(result.sets, plans, truth);
    console.log(formatRealities(realities));
    if (Number(values.explain) > 0) console.log(formatMisses(s, Number(values.explain)));
    console.log(
      `simulate ${((t1 - t0) / 1000).toFixed(1)} s, extract ${((t2 - t1) / 1000).toFixed(1)} s, rules ${((t3 - t2) / 1000).toFixed(1)} s\n`,
    );
    return checkTargets(realities);
  } finally {
    wh.close();
    await db.drop();
  }
}

const seed = Number(values.seed);
let ok = true;
for (const [i, { name, mix }] of MIXES.entries()) {
  const targets = await evaluate(name, mix, seed + i);
  console.log(`${formatTargets(name, targets)}\n`);
  ok &&= targets.every((t) => t.pass);
}
const regression = await evaluateRegression(seed + MIXES.length, Number(values['regression-reservations']));
console.log(`${formatTargets('release regression', regression)}\n`);
ok &&= regression.every((t) => t.pass);
process.exitCode = ok ? 0 : 1;
