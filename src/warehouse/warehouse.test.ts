import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckTimestampToIso, sizeBytes, Warehouse } from './warehouse.ts';

describe('duckTimestampToIso', () => {
  it('pads the fraction to microseconds and marks UTC with Z', () => {
    expect(duckTimestampToIso('2026-01-01 00:00:01.5+00')).toBe('2026-01-01T00:00:01.500000Z');
    expect(duckTimestampToIso('2026-01-01 00:00:01+00')).toBe('2026-01-01T00:00:01.000000Z');
    expect(duckTimestampToIso('2026-01-01 00:00:01.123456+00')).toBe('2026-01-01T00:00:01.123456Z');
  });
  it('leaves anything that is not a UTC timestamp alone', () => {
    expect(duckTimestampToIso('2026-01-01')).toBe('2026-01-01');
    expect(duckTimestampToIso('hello +00')).toBe('hello +00');
  });
});

describe('Warehouse', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await Warehouse.open(':memory:');
  });
  afterAll(() => wh.close());

  it('returns decimals, dates and instants exactly, whatever the host time zone', async () => {
    const row = await wh.one(
      "SELECT 12345678901.23::DECIMAL(18,2) AS d, DATE '2026-02-28' AS dt, TIMESTAMPTZ '2026-02-03 23:30:00.000001+05:30' AS ts, $v AS v",
      { v: 'x' },
    );
    expect(row).toEqual({ d: '12345678901.23', dt: '2026-02-28', ts: '2026-02-03T18:00:00.000001Z', v: 'x' });
  });

  it('reads a large result as JSON with every type as it was, in the order asked for', async () => {
    const rows = await wh.allJson(
      `SELECT * FROM (VALUES
         (2, 'b', 7::BIGINT, 1.5::DOUBLE, true, NULL::VARCHAR, [1, 2], {'k': 'x, "y"'}, 'tab\there'),
         (1, 'a', NULL, NULL, false, 'é ✓', [], {'k': NULL}, '[not json]')
       ) t(n, s, big, dbl, flag, maybe, list, st, odd)
       WHERE n <= $max`,
      { max: 5 },
      ['n'],
    );
    expect(rows).toEqual([
      {
        n: 1,
        s: 'a',
        big: null,
        dbl: null,
        flag: false,
        maybe: 'é ✓',
        list: [],
        st: { k: null },
        odd: '[not json]',
      },
      {
        n: 2,
        s: 'b',
        big: 7,
        dbl: 1.5,
        flag: true,
        maybe: null,
        list: [1, 2],
        st: { k: 'x, "y"' },
        odd: 'tab\there',
      },
    ]);
    expect(await wh.allJson('SELECT 1 AS n WHERE 1 = 0')).toEqual([]);
  });

  it('puts settings back as they were after a block that changed them, even when it fails', async () => {
    const before = await wh.memoryLimitBytes();
    await expect(
      wh.withSettings({ memory_limit: '100MB' }, async () => {
        expect(await wh.memoryLimitBytes()).toBeCloseTo(100e6, -6);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // DuckDB shows the cap rounded to one decimal of its unit, and that is what is put back.
    expect(Math.abs((await wh.memoryLimitBytes()) - before) / before).toBeLessThan(0.01);
    await expect(wh.withSettings({ 'memory_limit = 1; --': 'x' }, async () => 1)).rejects.toThrow(
      /not a DuckDB setting name/,
    );
  });

  it('reads sizes as DuckDB and configurations write them', () => {
    expect(sizeBytes('732.4 MiB')).toBeCloseTo(732.4 * 2 ** 20);
    expect(sizeBytes('768MB')).toBe(768e6);
    expect(sizeBytes('2 GiB')).toBe(2 * 2 ** 30);
    expect(sizeBytes('lots')).toBeNaN();
  });

  it('leaves a $name inside a string literal or a comment alone: only real parameters bind', async () => {
    const row = await wh.one("SELECT '$from; $to' AS text, $from AS bound -- $nowhere;\n", { from: 'x' });
    expect(row).toEqual({ text: '$from; $to', bound: 'x' });
  });

  it('runs a script statement by statement, each binding only the parameters it uses', async () => {
    await wh.exec(
      `CREATE OR REPLACE TEMP TABLE t_script AS SELECT $a::INTEGER AS n, ';' AS mark;
       -- a comment with a semicolon; and a $c that is no parameter
       INSERT INTO t_script SELECT $b::INTEGER, 'x;
y'`,
      { a: 1, b: 2, unused: 3 },
    );
    expect(await wh.all('SELECT n, mark FROM t_script ORDER BY n')).toEqual([
      { n: 1, mark: ';' },
      { n: 2, mark: 'x;\ny' },
    ]);
  });

  it('names a parameter that has no value', async () => {
    await expect(wh.all('SELECT $missing AS m', { other: 1 })).rejects.toThrow(
      'SQL parameter $missing has no value',
    );
  });

  it('binds an array as a list, for IN', async () => {
    const rows = await wh.all(
      "SELECT s FROM (VALUES ('A'), ('B'), ('C'), (NULL)) t(s) WHERE s IN $wanted ORDER BY s",
      {
        wanted: ['A', 'C'],
      },
    );
    expect(rows).toEqual([{ s: 'A' }, { s: 'C' }]);
  });

  it('rolls back everything a failed transaction wrote', async () => {
    await expect(
      wh.transaction(async () => {
        await wh.exec("INSERT INTO reservation (id, guest_email) VALUES ('r1', 'a@b.c')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await wh.all('SELECT id FROM reservation')).toEqual([]);
  });
});

describe('duckTimestampToIso with offsets', () => {
  it('converts any offset to the same UTC instant', () => {
    expect(duckTimestampToIso('2026-02-03 23:30:00.000001+05:30')).toBe('2026-02-03T18:00:00.000001Z');
    expect(duckTimestampToIso('2026-01-01 01:00:00-03')).toBe('2026-01-01T04:00:00.000000Z');
    expect(duckTimestampToIso('2025-12-31 23:59:59.999999-10')).toBe('2026-01-01T09:59:59.999999Z');
  });
});
