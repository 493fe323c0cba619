/** Test helper: runs hourly-rows.sql (one statement at a time, as bound parameters allow). */
import { readFileSync } from 'node:fs';
import type pg from 'pg';

const STATEMENTS = readFileSync(new URL('./hourly-rows.sql', import.meta.url), 'utf8')
  .split(/;\s*\n/)
  .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
  .filter(Boolean);

/** Inserts `count` hourly reservations with their trail, the first at hour `firstHour`. */
export async function insertHours(client: pg.ClientBase, count: number, firstHour: number): Promise<void> {
  for (const sql of STATEMENTS) await client.query(sql, [count, firstHour]);
}
