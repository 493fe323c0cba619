/**
 * The extract's own floor: `psql \copy (SELECT …) TO /dev/null (FORMAT csv)` of exactly the
 * SELECTs a backfill of the window issues (planQueries), one psql per table. Below this no
 * extract of those rows can go; the whole-table floor (measure.ts) also counts rows the extract
 * never asks for.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { planQueries } from '../../src/extract/index.ts';
import { resolveMapping } from '../../src/source/index.ts';

const run = promisify(execFile);

type Window = { readonly from: string; readonly to: string };

/** The SELECTs of a backfill of `window`, one line each (psql's \copy ends at the line's end). */
export async function floorQueries(url: string, window: Window): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'");
    const { queries } = await planQueries(client, await resolveMapping(client, {}), {
      since: null,
      overlapMinutes: 10,
      window,
    });
    const oneLine = (sql: string): string =>
      sql
        .replace(/--[^\n]*/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    return Object.fromEntries(Object.entries(queries).map(([t, sql]) => [t, oneLine(sql)]));
  } finally {
    await client.end();
  }
}

/** Milliseconds per table to COPY each query's rows out to /dev/null. */
export async function copyFloor(
  url: string,
  queries: Record<string, string>,
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, sql] of Object.entries(queries)) {
    const started = performance.now();
    await run(
      'psql',
      [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy (${sql}) TO '/dev/null' (FORMAT csv)`],
      { env: { ...process.env, PGTZ: 'UTC', PGDATESTYLE: 'ISO' }, maxBuffer: 1 << 20 },
    );
    out[table] = performance.now() - started;
  }
  return out;
}

/** The whole floor of `window`'s backfill, in milliseconds. */
export async function copyFloorMs(url: string, window: Window): Promise<number> {
  const byTable = await copyFloor(url, await floorQueries(url, window));
  return Math.round(Object.values(byTable).reduce((a, b) => a + b, 0));
}
