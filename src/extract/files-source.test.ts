import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseRows } from '../../test/support/extract/compare.ts';
import { createSourceDatabase, type SourceDatabase } from '../../test/support/extract/source-db.ts';
import { DataError } from '../errors/index.ts';
import { TABLES } from '../source/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { exportToFiles, extract, readManifest } from './index.ts';

const WINDOW = { from: '2026-02-01T00:00:00Z', to: '2026-02-02T00:00:00Z' };
const BULK = readFileSync(new URL('../../test/support/extract/bulk-rows.sql', import.meta.url), 'utf8');

let src: SourceDatabase;
let original: Warehouse;
let work: string;

beforeAll(async () => {
  src = await createSourceDatabase('extract_files', true);
  await src.client.query(BULK);
  original = await Warehouse.open(':memory:');
  await extract({ source: src.source(), warehouse: original, window: WINDOW, runId: 'pg' });
  work = mkdtempSync(join(tmpdir(), 'resrecon-files-test-'));
});
afterAll(async () => {
  original?.close();
  await src?.close();
  rmSync(work, { recursive: true, force: true });
});

async function fromFiles(dir: string): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:');
  await extract({
    source: { kind: 'files', dir, demo: false },
    warehouse: wh,
    window: WINDOW,
    runId: 'files',
  });
  return wh;
}

describe('files source and exportToFiles', () => {
  it('reads back exactly what exportToFiles wrote, as Parquet named after the reference tables', async () => {
    const dir = join(work, 'parquet');
    await exportToFiles(original, dir);
    const copy = await fromFiles(dir);
    try {
      expect(await warehouseRows(copy, false)).toEqual(await warehouseRows(original, false));
      const columns = await copy.all<{ column_name: string }>('DESCRIBE SELECT * FROM read_parquet($p)', {
        p: join(dir, 'Reservation.parquet'),
      });
      expect(columns.map((c) => c.column_name)).toEqual(TABLES[0]!.columns.map((c) => c.ref));
    } finally {
      copy.close();
    }
  });

  it('reads the same tables from CSV files with a header of reference column names', async () => {
    const dir = join(work, 'csv');
    await exportToFiles(original, dir);
    const scratch = await Warehouse.open(':memory:');
    try {
      for (const def of TABLES) {
        const parquet = join(dir, `${def.ref}.parquet`);
        await scratch.exec(`COPY (SELECT * FROM read_parquet($p)) TO $c (FORMAT csv, HEADER true)`, {
          p: parquet,
          c: join(dir, `${def.ref}.csv`),
        });
        rmSync(parquet);
      }
    } finally {
      scratch.close();
    }
    const copy = await fromFiles(dir);
    try {
      expect(await warehouseRows(copy, false)).toEqual(await warehouseRows(original, false));
    } finally {
      copy.close();
    }
  });

  it('names the file and the column when a required column is missing', async () => {
    const dir = join(work, 'missing-column');
    await exportToFiles(original, dir);
    await original.exec(
      'COPY (SELECT * EXCLUDE ("guestEmail") FROM read_parquet($p)) TO $p2 (FORMAT parquet)',
      {
        p: join(dir, 'Reservation.parquet'),
        p2: join(dir, 'Reservation.tmp.parquet'),
      },
    );
    rmSync(join(dir, 'Reservation.parquet'));
    renameSync(join(dir, 'Reservation.tmp.parquet'), join(dir, 'Reservation.parquet'));
    const err = await fromFiles(dir).catch((e) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err.where).toMatchObject({ file: join(dir, 'Reservation.parquet'), field: 'guestEmail' });
  });

  it('keeps one row of a key a file repeats with the same values, and records no conflict', async () => {
    const dir = join(work, 'repeated-key');
    await exportToFiles(original, dir);
    const payments = join(dir, 'Payment.parquet');
    await original.exec(
      `COPY (SELECT * FROM read_parquet($p) UNION ALL (SELECT * FROM read_parquet($p) WHERE id = 'p1'))
       TO $p2 (FORMAT parquet)`,
      { p: payments, p2: join(dir, 'Payment.tmp.parquet') },
    );
    renameSync(join(dir, 'Payment.tmp.parquet'), payments);
    const wh = await fromFiles(dir);
    try {
      expect(await wh.one("SELECT count(*)::INTEGER AS n FROM payment WHERE id = 'p1'")).toEqual({ n: 1 });
      expect(await wh.one('SELECT count(*)::INTEGER AS n FROM source_conflict')).toEqual({ n: 0 });
    } finally {
      wh.close();
    }
  });

  it('names the missing file when a table has none', async () => {
    const dir = join(work, 'missing-file');
    await exportToFiles(original, dir);
    rmSync(join(dir, 'Payment.parquet'));
    const err = await fromFiles(dir).catch((e) => e);
    expect(err).toBeInstanceOf(DataError);
    expect(err.message).toContain('Payment.parquet');
  });

  it("reads a snapshot's window from manifest.json, and null without one", () => {
    const dir = join(work, 'manifest');
    expect(readManifest(work)).toBeNull();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ window: WINDOW, seed: 7 }));
    expect(readManifest(dir)).toEqual({ window: WINDOW });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ window: { from: 'yesterday', to: 3 } }));
    expect(() => readManifest(dir)).toThrow(DataError);
  });
});
