/**
 * A source whose bookings take seconds to read: a view over "Reservation" that sleeps first, and
 * the home's configuration pointed at it. A fault injected meanwhile lands in the middle of the
 * extract.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryRows } from './pg.ts';

export async function slowReservations(sourceUrl: string, home: string, seconds: number): Promise<void> {
  await queryRows(
    sourceUrl,
    `CREATE OR REPLACE VIEW slow_reservation AS
     SELECT r.* FROM "Reservation" r CROSS JOIN (SELECT pg_sleep(${Number(seconds)})) AS pause`,
  );
  writeFileSync(
    join(home, 'resrecon.config.json'),
    JSON.stringify({ source: { tables: { Reservation: { name: 'slow_reservation' } } } }),
  );
}
