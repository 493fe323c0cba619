/**
 * The incremental night: a source holding 30 nights is backfilled, then one more night arrives
 * and is run incrementally (the warehouse then holds 31 nights); that is compared with a run
 * over a source holding that night alone. Both sources are cut from one simulated 31-night
 * history, row by row with COPY, so the new night is the same data in both.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { quoteIdent } from '../../src/sql/index.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { median, type RunMeasure, wholeRun } from './measure.ts';

const SQL = new URL('../../src/simulate/sql/', import.meta.url);
const sql = (name: string): string => readFileSync(new URL(name, SQL), 'utf8');

/** Which rows of a table a cut source holds. */
type Part = 'history' | 'new-night' | 'night-alone';

/**
 * The WHERE clause for one table and part, `cut` being a quoted literal. A booking created before
 * the cut but changed after it (cancelled later, say) belongs to the new night: the history must
 * look as the source looked at the cut, or its high-water marks would already be past the night.
 */
function rowsOf(table: string, part: Part, cut: string): string {
  const historyReservation = `"createdAt" < ${cut} AND "updatedAt" < ${cut}`;
  const inHistory: Record<string, string> = {
    Reservation: historyReservation,
    // EXISTS probes the reservation's key; an IN over a million ids would not fit in work_mem.
    Payment: `"createdAt" < ${cut} AND "updatedAt" < ${cut} AND EXISTS (SELECT 1 FROM "Reservation" r WHERE r.id = "reservationId" AND r."createdAt" < ${cut} AND r."updatedAt" < ${cut})`,
    IdempotencyRecord: `"createdAt" < ${cut}`,
    IdempotencyLock: `"createdAt" < ${cut}`,
    api_logs: `"timestamp" < ${cut}`,
  };
  if (part === 'history') return inHistory[table]!;
  if (part === 'new-night') return `NOT (${inHistory[table]!})`;
  const alone: Record<string, string> = {
    Reservation: `"createdAt" >= ${cut}`,
    Payment: `EXISTS (SELECT 1 FROM "Reservation" r WHERE r.id = "reservationId" AND r."createdAt" >= ${cut})`,
    IdempotencyRecord: `"createdAt" >= ${cut}`,
    IdempotencyLock: `"createdAt" >= ${cut}`,
    api_logs: `"timestamp" >= ${cut}`,
  };
  return alone[table]!;
}

const TABLE_ORDER = ['Reservation', 'Payment', 'IdempotencyRecord', 'IdempotencyLock', 'api_logs'] as const;

/** Runs fn on a connection of its own to `url`, closed whatever happens. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Copies one part of `fromUrl`'s rows into `toUrl`, table by table. */
export async function copyRows(fromUrl: string, toUrl: string, cutAt: string, part: Part): Promise<void> {
  await withClient(fromUrl, async (src) => {
    // The cut goes through PostgreSQL's own quoting: COPY takes no bound parameters.
    const cut = (await src.query<{ q: string }>('SELECT quote_literal($1::timestamptz) AS q', [cutAt]))
      .rows[0]!.q;
    await withClient(toUrl, async (dst) => {
      for (const table of TABLE_ORDER) {
        const out = src.query(
          copyTo(`COPY (SELECT * FROM ${quoteIdent(table)} WHERE ${rowsOf(table, part, cut)}) TO STDOUT`),
        );
        const into = dst.query(copyFrom(`COPY ${quoteIdent(table)} FROM STDIN`));
        await pipeline(out, into);
      }
    });
  });
}

export async function emptySource(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  await withClient(db.url, async (c) => {
    await c.query(sql('schema.sql'));
    await c.query(sql('before-load.sql'));
  });
  return db;
}

export async function indexes(url: string): Promise<void> {
  await withClient(url, async (c) => {
    for (const f of ['after-load-bookings.sql', 'after-load-api-logs.sql', 'after-load-idempotency.sql'])
      await c.query(sql(f));
  });
}

export interface IncrementalResult {
  readonly incrementalMs: number;
  readonly oneNightMs: number;
  readonly ratio: number;
  readonly incremental: RunMeasure;
  readonly oneNight: RunMeasure;
}

export async function benchIncremental(
  fullUrl: string,
  from: string,
  cut: string,
  to: string,
  runs: number,
  log: (line: string) => void,
  options: { readonly updatedAtIndex?: boolean } = {},
): Promise<IncrementalResult> {
  const work = mkdtempSync(join(tmpdir(), 'resrecon-bench-inc-'));
  const history = await emptySource('resrecon_bench_hist');
  const night = await emptySource('resrecon_bench_night');
  try {
    await copyRows(fullUrl, history.url, cut, 'history');
    await indexes(history.url);
    if (options.updatedAtIndex) {
      await withClient(history.url, (c) =>
        c.query(
          'CREATE INDEX ON "Reservation" ("updatedAt"); CREATE INDEX ON "Payment" ("updatedAt"); ANALYZE',
        ),
      );
    }
    log('  incremental: backfilling 30 nights …');
    const base = join(work, 'base');
    await wholeRun(history.url, from, cut, base, join(work, 'out-base'));
    await copyRows(fullUrl, history.url, cut, 'new-night');
    await withClient(history.url, (c) => c.query('ANALYZE'));
    await copyRows(fullUrl, night.url, cut, 'night-alone');
    await indexes(night.url);
    const inc: RunMeasure[] = [];
    const one: RunMeasure[] = [];
    for (let i = 0; i < runs; i++) {
      // Each try starts from the same 30-night warehouse and store.
      const home = join(work, `inc-${i}`);
      cpSync(base, home, { recursive: true });
      inc.push(await wholeRun(history.url, cut, to, home, join(work, `out-inc-${i}`)));
      one.push(await wholeRun(night.url, cut, to, join(work, `one-${i}`), join(work, `out-one-${i}`)));
      log(
        `  incremental try ${i + 1}/${runs}: ${inc.at(-1)!.wallMs} ms vs one night alone ${one.at(-1)!.wallMs} ms`,
      );
    }
    const pick = (xs: RunMeasure[]) => xs.find((x) => x.wallMs === median(xs.map((y) => y.wallMs))) ?? xs[0]!;
    const incrementalMs = median(inc.map((x) => x.wallMs));
    const oneNightMs = median(one.map((x) => x.wallMs));
    return {
      incrementalMs,
      oneNightMs,
      ratio: Math.round((incrementalMs / oneNightMs) * 100) / 100,
      incremental: pick(inc),
      oneNight: pick(one),
    };
  } finally {
    await history.drop();
    await night.drop();
    rmSync(work, { recursive: true, force: true });
  }
}
