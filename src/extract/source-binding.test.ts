import { describe, expect, it } from 'vitest';
import { DEMO_DIR, sourceIdentity } from '../config/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { bindSource } from './source-binding.ts';

const pg = (url: string) =>
  sourceIdentity({ kind: 'postgres', url, statementTimeoutMs: 1000, overlapMinutes: 10, tables: {} });

describe('sourceIdentity', () => {
  it('names the same database the same whoever connects, and never holds a password', () => {
    const a = pg('postgresql://reader:s3cret@DB.internal:5432/bookings');
    const b = pg('postgres://other@db.internal/bookings');
    expect(a).toEqual(b);
    expect(a.description).toBe('postgresql://db.internal:5432/bookings');
    expect(JSON.stringify(a)).not.toMatch(/s3cret|reader/);
  });

  it('tells apart another database, host or port, and the demo data from a folder', () => {
    const base = pg('postgresql://u@db/bookings').fingerprint;
    expect(pg('postgresql://u@db/bookings_eu').fingerprint).not.toBe(base);
    expect(pg('postgresql://u@db2/bookings').fingerprint).not.toBe(base);
    expect(pg('postgresql://u@db:6432/bookings').fingerprint).not.toBe(base);
    const demo = sourceIdentity({ kind: 'files', dir: DEMO_DIR, demo: true });
    expect(demo.description).toBe('the embedded demo data');
    expect(sourceIdentity({ kind: 'files', dir: '/data/export', demo: false }).fingerprint).not.toBe(
      demo.fingerprint,
    );
    // A checkout moved elsewhere still holds the same demo.
    expect(sourceIdentity({ kind: 'files', dir: '/elsewhere/fixtures/demo', demo: true })).toEqual(demo);
  });
});

describe('bindSource', () => {
  it('binds an empty warehouse once, accepts the same source again and refuses another', async () => {
    const wh = await Warehouse.open(':memory:');
    try {
      const mine = pg('postgresql://u@db/bookings');
      await bindSource(wh, mine);
      await bindSource(wh, mine);
      expect(await wh.all('SELECT description FROM warehouse_source')).toEqual([
        { description: 'postgresql://db:5432/bookings' },
      ]);
      await expect(bindSource(wh, pg('postgresql://u@db/other'))).rejects.toThrow(
        expect.objectContaining({
          setting: 'RESRECON_HOME',
          message: expect.stringMatching(/not from postgresql:\/\/db:5432\/other/),
        }),
      );
    } finally {
      wh.close();
    }
  });

  it('refuses a warehouse filled before sources were recorded rather than trusting its marks', async () => {
    const wh = await Warehouse.open(':memory:');
    try {
      await wh.exec("INSERT INTO extract_state (table_name, high_water) VALUES ('Reservation', now())");
      await expect(bindSource(wh, pg('postgresql://u@db/bookings'))).rejects.toThrow(/did not record/);
    } finally {
      wh.close();
    }
  });
});
