import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compactingPath, compactWarehouse } from './compact-warehouse.ts';
import { usingWarehouse } from './warehouse.ts';

const dir = mkdtempSync(join(tmpdir(), 'resrecon-compact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A warehouse that held 400,000 requests and now holds the last 1,000 of them. */
async function mostlyFree(path: string): Promise<void> {
  await usingWarehouse(path, async (wh) => {
    await wh.exec(`INSERT INTO api_log (id, ts, request_id, response)
      SELECT i, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i), 'req-' || i, repeat('x', 40) || i
      FROM range(400000) t(i)`);
    await wh.exec("INSERT INTO reservation (id, rate_amount) VALUES ('r1', 12.34)");
    await wh.exec('CHECKPOINT');
    await wh.exec('DELETE FROM api_log WHERE id < 399000');
    await wh.exec('CHECKPOINT');
  });
}

const contents = (path: string) =>
  usingWarehouse(path, async (wh) => ({
    logs: await wh.one('SELECT count(*)::INTEGER AS n, sum(id)::VARCHAR AS ids FROM api_log'),
    reservations: await wh.all('SELECT id, rate_amount FROM reservation'),
  }));

describe('compactWarehouse', () => {
  it('shrinks a file that is mostly free space and keeps every row', async () => {
    const path = join(dir, 'shrink.duckdb');
    await mostlyFree(path);
    const before = statSync(path).size;
    const rows = await contents(path);
    const result = await compactWarehouse(path, { ratio: 2, minFreeBytes: 0 });
    expect(result.status).toBe('compacted');
    expect(statSync(path).size).toBeLessThan(before / 2);
    expect(result).toMatchObject({ beforeBytes: before, afterBytes: statSync(path).size });
    expect(await contents(path)).toEqual(rows);
    expect(rows.logs).toEqual({ n: 1000, ids: String((399000 + 399999) * 500) });
  });

  it('leaves a file alone when its free space is within the ratio', async () => {
    const path = join(dir, 'full.duckdb');
    await usingWarehouse(path, async (wh) => {
      await wh.exec("INSERT INTO reservation (id) SELECT 'r' || i FROM range(1000) t(i)");
    });
    const result = await compactWarehouse(path, { ratio: 2, minFreeBytes: 0 });
    expect(result.status).toBe('not-needed');
  });

  it('leaves the file as it was when the compaction fails', async () => {
    const path = join(dir, 'fails.duckdb');
    await mostlyFree(path);
    const before = readFileSync(path);
    // The new file's place is taken by a folder: the copy cannot be written.
    mkdirSync(compactingPath(path));
    mkdirSync(join(compactingPath(path), 'inside'));
    const result = await compactWarehouse(path, { ratio: 2, minFreeBytes: 0 });
    expect(result.status).toBe('failed');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect((await contents(path)).logs).toMatchObject({ n: 1000 });
  });
});
