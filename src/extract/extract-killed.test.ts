import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { warehouseRows } from '../../test/support/extract/compare.ts';
import { createSourceDatabase, type SourceDatabase } from '../../test/support/extract/source-db.ts';
import { Warehouse } from '../warehouse/index.ts';

const CHILD = fileURLToPath(new URL('../../test/support/extract/extract-child.ts', import.meta.url));
let src: SourceDatabase;
let work: string;

beforeAll(async () => {
  src = await createSourceDatabase('extract_kill', true);
  work = mkdtempSync(join(tmpdir(), 'resrecon-kill-test-'));
});
afterAll(async () => {
  await src?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Child {
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

function runChild(warehouse: string, tmp: string): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify({ url: src.db.url, warehouse })],
    {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return {
    exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
    kill: () => child.kill('SIGKILL'),
  };
}

/** Resolves once the child has loaded Reservation (its CSV came and went) but not yet api_logs. */
async function midLoad(tmp: string, exit: Promise<unknown>): Promise<boolean> {
  let finished = false;
  void exit.then(() => {
    finished = true;
  });
  let sawReservations = false;
  while (!finished) {
    const dir = readdirSync(tmp).find((d) => d.startsWith('resrecon-extract-'));
    if (dir) {
      const files = readdirSync(join(tmp, dir));
      if (files.includes('reservation.csv')) sawReservations = true;
      else if (sawReservations && files.includes('api_log.csv')) return true;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

it('leaves the warehouse as it was when the extracting process is killed mid-load', async () => {
  const path = join(work, 'warehouse.duckdb');
  const first = runChild(path, work);
  expect(await first.exit).toEqual({ code: 0, signal: null });
  const before = await Warehouse.open(path).then(async (wh) => {
    try {
      return await warehouseRows(wh, true);
    } finally {
      wh.close();
    }
  });
  expect(before['reservation']).toMatchObject({ rows: 5 });

  // Enough new rows that the log table is still streaming when the reservations are loaded.
  await src.client.query(`INSERT INTO "Reservation" ("id", "confirmationNumber", "guestEmail", "propertyId", "roomTypeId",
      "checkIn", "checkOut", "rateAmount", currency, status, "createdAt", "updatedAt")
    SELECT 'bulk' || i, 'B' || i, 'b' || i || '@example.com', 'p', 'rt', '2026-03-01', '2026-03-02', 10, 'EUR', 'CONFIRMED',
           timestamptz '2026-02-01 00:00:00+00' + i * interval '1 second', timestamptz '2026-02-01 00:00:00+00' + i * interval '1 second'
    FROM generate_series(1, 100000) AS i`);
  await src.client.query(`INSERT INTO api_logs ("timestamp", "requestId", "guestEmail", endpoint, method, status, response, duration)
    SELECT timestamptz '2026-02-01 00:00:00+00' + i * interval '1 second', 'bulk-req-' || i, 'b' || i || '@example.com',
           '/api/v1/reservations', 'POST', 201, jsonb_build_object('id', 'bulk' || i), 120
    FROM generate_series(1, 800000) AS i`);

  const tmp = join(work, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const second = runChild(path, tmp);
  const caught = await midLoad(tmp, second.exit);
  second.kill();
  const ended = await second.exit;
  expect(caught).toBe(true);
  expect(ended.signal).toBe('SIGKILL');
  expect(existsSync(path)).toBe(true);

  const wh = await Warehouse.open(path);
  try {
    expect(await warehouseRows(wh, true)).toEqual(before);
  } finally {
    wh.close();
  }
}, 120_000);
