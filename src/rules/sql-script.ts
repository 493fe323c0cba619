/**
 * Runs SQL files that hold several statements with named parameters ($from, $max_retry_gap_ms):
 * each statement gets exactly the parameters it uses, bound, never spliced into the text.
 */
import type { Warehouse } from '../warehouse/index.ts';

/** Splits on semicolons that end a line; statements in these files never put one elsewhere. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
}

export function paramsFor(
  statement: string,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const used: Record<string, unknown> = {};
  for (const m of statement.replace(/--.*$/gm, '').matchAll(/\$([a-z_][a-z0-9_]*)/gi)) {
    const name = m[1]!;
    if (!(name in params)) throw new Error(`SQL parameter $${name} has no value`);
    used[name] = params[name];
  }
  return used;
}

export async function runScript(
  wh: Warehouse,
  sql: string,
  params: Readonly<Record<string, unknown>>,
): Promise<void> {
  for (const statement of splitStatements(sql)) {
    const bound = paramsFor(statement, params);
    await wh.exec(statement, Object.keys(bound).length > 0 ? bound : undefined);
  }
}
