/**
 * A warehouse run night after night lets go of what no later night needs, end to end on a real
 * PostgreSQL source: stays ended (plus the margin) go with their payments, logs past the limit
 * go and the log horizon follows; a booking a pending plan acts on stays. A re-run of a window
 * older than the logs says so, and a set judged without a request that aged out says so in its
 * evidence and in the run's warnings. An old booking that a new one repeats has its request read
 * again from the source, and let go again after the run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceDatabase, type SourceDatabase } from '../../test/support/extract/source-db.ts';
import { resolveConfig } from '../config/index.ts';
import { usingWarehouse } from '../warehouse/index.ts';
import { type RunOutcome, runPipeline } from './run-pipeline.ts';

let src: SourceDatabase;
let home: string;
let logId = 0;

interface Booking {
  id: string;
  email: string;
  checkIn: string;
  checkOut: string;
  createdAt: string;
  status?: string;
  /** The creating request, logged at the booking's creation (none: the source let it go). */
  logged?: boolean;
  paid?: boolean;
}

async function book(b: Booking): Promise<void> {
  await src.client.query(
    `INSERT INTO "Reservation" (id, "confirmationNumber", "guestEmail", "guestName", "propertyId", "roomTypeId",
       "checkIn", "checkOut", "rateAmount", currency, status, "createdAt", "updatedAt")
     VALUES ($1, 'C-' || $1, $2, 'Ann Lee', 'p1', 'rt1', $3, $4, 100, 'EUR', $5, $6, $6)`,
    [b.id, b.email, b.checkIn, b.checkOut, b.status ?? 'CONFIRMED', b.createdAt],
  );
  if (b.paid) {
    await src.client.query(
      `INSERT INTO "Payment" (id, "reservationId", status, amount, currency, "createdAt", "updatedAt")
       VALUES ('pay-' || $1, $1, 'CAPTURED', 100, 'EUR', $2, $2)`,
      [b.id, b.createdAt],
    );
  }
  if (b.logged !== false) await request(b.id, b.email, b.createdAt);
}

async function request(reservationId: string, email: string, at: string): Promise<void> {
  logId++;
  await src.client.query(
    `INSERT INTO api_logs ("timestamp", "requestId", "guestEmail", "clientId", endpoint, method, status, response, duration)
     VALUES ($1::timestamptz - interval '200 milliseconds', $2, $3, 'web', '/api/v1/reservations', 'POST', 201,
             jsonb_build_object('id', $4::text), 400)`,
    [at, `req-${logId}-${reservationId}`, email, reservationId],
  );
}

const lines: string[] = [];
async function run(from: string, to: string): Promise<RunOutcome> {
  const config = resolveConfig({
    cwd: home,
    env: { RESRECON_HOME: home, RESRECON_SOURCE_URL: src.db.url, RESRECON_CONFIG: undefined },
  });
  lines.length = 0;
  return runPipeline({
    config,
    window: { from, to },
    outDir: join(home, `out-${from.slice(0, 13)}-${to.slice(0, 13)}-${Date.now()}`),
    email: false,
    log: (l) => lines.push(l),
  });
}

const inWarehouse = (sql: string) =>
  usingWarehouse(join(home, 'warehouse.duckdb'), (wh) => wh.all<Record<string, string>>(sql));
const ids = async (sql: string): Promise<string[]> => (await inWarehouse(sql)).map((r) => r['id']!).sort();
const horizon = async (): Promise<string | undefined> =>
  (await inWarehouse('SELECT iso(logs_from) AS at FROM log_horizon'))[0]?.['at'];

beforeAll(async () => {
  src = await createSourceDatabase('retention', false);
  home = mkdtempSync(join(tmpdir(), 'resrecon-retention-'));
  // Stays are kept a day past check-out, logs two days: a night's run lets go within the test's week.
  writeFileSync(
    join(home, 'resrecon.config.json'),
    JSON.stringify({ warehouse: { retention: { stayMarginDays: 1, logDays: 2 } } }),
  );
  // A guest's booking sent twice in the first night: a DUPLICATE set, planned and left pending.
  await book({
    id: 'dup-1',
    email: 'dup@x.test',
    checkIn: '2026-03-02',
    checkOut: '2026-03-03',
    createdAt: '2026-03-01T10:00:00Z',
  });
  await book({
    id: 'dup-2',
    email: 'dup@x.test',
    checkIn: '2026-03-02',
    checkOut: '2026-03-03',
    createdAt: '2026-03-01T10:00:01Z',
  });
  // A stay that ended weeks ago, paid, and one still to come, paid.
  await book({
    id: 'ended',
    email: 'e@x.test',
    checkIn: '2026-02-10',
    checkOut: '2026-02-12',
    createdAt: '2026-01-10T09:00:00Z',
    status: 'CHECKED_OUT',
    paid: true,
  });
  await book({
    id: 'coming',
    email: 'c@x.test',
    checkIn: '2026-03-18',
    checkOut: '2026-03-20',
    createdAt: '2026-02-20T09:00:00Z',
    paid: true,
  });
}, 60_000);

afterAll(async () => {
  await src?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

// The nights build on each other, in order.
describe('a warehouse run night after night', () => {
  it('lets go of a stay ended before the window end (plus the margin) with its payments, and keeps one still to come', async () => {
    const outcome = await run('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z');
    expect(outcome.report.sets.filter((s) => s.verdict === 'DUPLICATE').map((s) => s.reservationIds)).toEqual(
      [['dup-1', 'dup-2']],
    );
    expect(outcome.timings).toHaveProperty('retention');
    // Complete evidence: the set is judged as it always was.
    expect(outcome.report.sets.flatMap((s) => s.evidence.map((e) => e.kind))).not.toContain('aged-out');
    expect(outcome.report.sets.every((s) => !s.doubt)).toBe(true);
    expect(outcome.report.warnings.map((w) => w.code)).not.toContain('EVIDENCE_AGED_OUT');
    expect(lines.some((l) => /retention: let go of reservation 1, payment 1, api_log 0/.test(l))).toBe(true);
    expect(await ids('SELECT id FROM reservation')).toEqual(['coming', 'dup-1', 'dup-2']);
    expect(await ids('SELECT id FROM payment')).toEqual(['pay-coming']);
  });

  it('lets go of logs older than the limit, keeps younger ones, moves the log horizon, and keeps a pending plan’s bookings', async () => {
    // Bookings of the nights between, loaded by the next run: one whose request the source has
    // let go (aged-1), and an old booking whose request the source still holds (old-1).
    await book({
      id: 'aged-1',
      email: 'aged@x.test',
      checkIn: '2026-04-01',
      checkOut: '2026-04-03',
      createdAt: '2026-03-03T20:00:00Z',
      logged: false,
    });
    await book({
      id: 'aged-2',
      email: 'aged@x.test',
      checkIn: '2026-04-01',
      checkOut: '2026-04-03',
      createdAt: '2026-03-04T10:00:00Z',
    });
    await book({
      id: 'old-1',
      email: 'old@x.test',
      checkIn: '2026-05-01',
      checkOut: '2026-05-03',
      createdAt: '2026-03-03T22:00:00Z',
    });
    await book({
      id: 'tonight',
      email: 't@x.test',
      checkIn: '2026-04-10',
      checkOut: '2026-04-12',
      createdAt: '2026-03-05T12:00:00Z',
    });
    const before = await inWarehouse('SELECT request_id FROM api_log');
    expect(before.length).toBeGreaterThan(0);

    const outcome = await run('2026-03-05T00:00:00Z', '2026-03-06T00:00:00Z');
    expect(outcome.report.warnings).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ code: 'EVIDENCE_AGED_OUT' })]),
    );
    // The first night's requests (1 March) are older than 6 March less two days; 4 March on stay.
    const requests = (await inWarehouse('SELECT request_id FROM api_log')).map((r) => r['request_id']);
    expect(requests.some((r) => r?.endsWith('dup-1'))).toBe(false);
    expect(requests.some((r) => r?.endsWith('old-1'))).toBe(false);
    expect(requests.some((r) => r?.endsWith('aged-2'))).toBe(true);
    expect(requests.some((r) => r?.endsWith('tonight'))).toBe(true);
    expect(await horizon()).toBe('2026-03-04T00:00:00.000000Z');
    // dup-1 and dup-2's stay ended on 3 March, more than a day before 6 March: their pending plan keeps them.
    expect(await ids('SELECT id FROM reservation')).toEqual(
      ['aged-1', 'aged-2', 'coming', 'dup-1', 'dup-2', 'old-1', 'tonight'].sort(),
    );
  });

  it('says so when a window older than the logs is run again, and when a set is judged without a request that aged out', async () => {
    const outcome = await run('2026-03-03T00:00:00Z', '2026-03-05T00:00:00Z');
    const aged = outcome.report.sets.find((s) => s.reservationIds.includes('aged-1'));
    expect(aged?.verdict).toBe('DUPLICATE');
    const item = aged?.evidence.find((e) => e.kind === 'aged-out');
    expect(item?.detail).toBe(
      "The gateway's requests before 4 Mar 2026 00:00 UTC are no longer kept (warehouse.retention.logDays = 2), " +
        'and those of aged-1 (created 3 Mar 2026 20:00 UTC) could not be read again from the source: ' +
        'its cause rests on the bookings alone.',
    );
    expect(aged?.doubt).toMatch(/creating request of aged-1 is no longer kept/);
    const codes = outcome.report.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['WINDOW_BEFORE_LOGS', 'EVIDENCE_AGED_OUT']));
    const agedWarning = outcome.report.warnings.find((w) => w.code === 'EVIDENCE_AGED_OUT');
    expect(agedWarning?.message).toMatch(/^1 set was judged without some of its booking requests/);
    expect(outcome.report.warnings.find((w) => w.code === 'WINDOW_BEFORE_LOGS')?.nextStep).toMatch(/--full/);
    // The window ends before the last night's: the horizon does not move back.
    expect(await horizon()).toBe('2026-03-04T00:00:00.000000Z');
  });

  it('reads again from the source the request of an old booking a new one repeats, and lets it go again after the run', async () => {
    await book({
      id: 'old-2',
      email: 'old@x.test',
      checkIn: '2026-05-01',
      checkOut: '2026-05-03',
      createdAt: '2026-03-06T10:00:00Z',
    });
    const outcome = await run('2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z');
    // old-2's request, old-1's read again, and the last night's newest inside the overlap margin.
    expect(lines.find((l) => l.includes('extract (incremental)'))).toMatch(/api_logs 3 /);
    expect(outcome.report.sets.some((s) => s.reservationIds.includes('old-1'))).toBe(true);
    const requests = (await inWarehouse('SELECT request_id FROM api_log')).map((r) => r['request_id']);
    expect(requests.some((r) => r?.endsWith('old-1'))).toBe(false);
    expect(requests.some((r) => r?.endsWith('old-2'))).toBe(true);
    expect(await horizon()).toBe('2026-03-05T00:00:00.000000Z');
  });
});
