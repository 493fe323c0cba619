/**
 * `npm run bench:stages`: the extract and rules stages alone at production scale, on one simulated
 * source shared by both (`npm run bench` measures whole runs):
 * 1,000,000 reservations with their payments, idempotency rows and ~5,000,000 api_logs rows.
 *   - extract vs its floor (psql \copy of the same rows), peak RSS, a second run with no new rows;
 *   - the rules over the resulting warehouse, time per rule.
 * Medians of several runs; a benchmark, never a timed test.
 *   npm run bench:stages -- [--reservations 1000000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { simulate } from '../src/simulate/index.ts';
import { createTestDatabase } from '../test/support/pg.ts';
import { benchExtract } from './bench-extract.ts';
import { benchRules } from './bench-rules.ts';

const { values } = parseArgs({
  options: {
    reservations: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
  },
});
const window = { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z' };
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const db = await createTestDatabase('resrecon_bench');
try {
  const reservations = Number(values.reservations);
  log(`simulating ${reservations.toLocaleString('en')} reservations …`);
  const sim = await simulate({ targetUrl: db.url, seed: 42, reservations, ...window });
  log(`  ${JSON.stringify(sim.rows)} in ${sim.seconds} s`);

  const ex = await benchExtract({ sourceUrl: db.url, runs: Number(values.runs), log });
  log(
    `extract: ${(ex.extractMs / 1000).toFixed(2)} s vs floor ${(ex.floorMs / 1000).toFixed(2)} s = ${ex.ratio}x ` +
      `(target <= 1.5x); peak RSS ${ex.peakRssMiB} MiB (target < 1024); second run ${ex.secondRunMs} ms (target < 2000)`,
  );
  for (const t of Object.keys(ex.floorByTable)) {
    log(
      `  ${t.padEnd(18)} floor ${String(ex.floorByTable[t]).padStart(6)} ms  extract ${String(ex.extractByTable[t]).padStart(6)} ms`,
    );
  }

  await benchRules({ sourceUrl: db.url, window, runs: Number(values.runs), log });
} finally {
  await db.drop();
}
