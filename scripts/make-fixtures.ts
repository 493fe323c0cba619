/**
 * `npm run fixtures`: regenerates fixtures/demo/, the embedded demo booking history, from the
 * simulator: simulate into a scratch PostgreSQL database, extract it, write the warehouse out as
 * Parquet files in the reference layout, with a manifest (the window) and the truth beside it.
 *   npm run fixtures -- [--reservations 4000] [--seed 42]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { exportToFiles, extract } from '../src/extract/index.ts';
import { simulate } from '../src/simulate/index.ts';
import { Warehouse } from '../src/warehouse/index.ts';
import { createTestDatabase } from '../test/support/pg.ts';

const { values } = parseArgs({
  options: {
    reservations: { type: 'string', default: '4000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'fixtures/demo' },
  },
});
const window = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' };

const db = await createTestDatabase('resrecon_fixtures');
const wh = await Warehouse.open(':memory:');
try {
  const summary = await simulate({
    targetUrl: db.url,
    seed: Number(values.seed),
    reservations: Number(values.reservations),
    from: window.from,
    to: window.to,
  });
  await extract({
    source: { kind: 'postgres', url: db.url, statementTimeoutMs: 600_000, overlapMinutes: 10, tables: {} },
    warehouse: wh,
    window,
    runId: 'fixtures',
    full: true,
  });
  const out = values.out;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await exportToFiles(wh, out);

  // Dates stay text ("2026-11-03"): pg's default parser would make local midnights of them.
  const client = new pg.Client({
    connectionString: db.url,
    types: {
      getTypeParser: (oid, format) => (oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format)),
    },
  });
  await client.connect();
  const sets = await client.query('SELECT * FROM simulation.duplicate_sets ORDER BY set_no');
  const groups = await client.query('SELECT * FROM simulation.lookalike_groups ORDER BY group_no');
  const refunds = await client.query('SELECT * FROM simulation.expected_refunds ORDER BY set_no, payment_id');
  const voids = await client.query('SELECT * FROM simulation.expected_voids ORDER BY set_no, payment_id');
  const malformed = await client.query('SELECT * FROM simulation.malformed ORDER BY reservation_id');
  await client.end();
  const truth = {
    seed: Number(values.seed),
    window,
    duplicateSets: sets.rows,
    lookalikeGroups: groups.rows,
    expectedRefunds: refunds.rows,
    expectedVoids: voids.rows,
    malformed: malformed.rows,
  };
  await writeFile(
    `${out}/manifest.json`,
    `${JSON.stringify({ window, seed: Number(values.seed), reservations: Number(values.reservations), generatedBy: 'resrecon simulate' }, null, 2)}\n`,
  );
  await writeFile(`${out}/truth.json`, `${JSON.stringify(truth, null, 2)}\n`);
  console.log(`wrote ${out}: ${JSON.stringify(summary)}`);
} finally {
  wh.close();
  await db.drop();
}
