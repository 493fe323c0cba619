/**
 * The one way commands print results: a table on a terminal, JSON when piped (or with --json).
 * Messages for people go to stderr so stdout stays machine-readable. Respects NO_COLOR.
 */
import { stdout } from 'node:process';

const useColor = (): boolean => Boolean(process.stderr.isTTY) && !('NO_COLOR' in process.env);

export function bold(text: string): string {
  return useColor() ? `\u001b[1m${text}\u001b[22m` : text;
}

export function red(text: string): string {
  return useColor() ? `\u001b[31m${text}\u001b[39m` : text;
}

/** A progress or status line for people; never on stdout. */
export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Prints rows as an aligned table on a terminal, as JSON when stdout is not one (or json is true). */
export function printRows(rows: readonly Record<string, unknown>[], options: { json?: boolean } = {}): void {
  if (options.json || !stdout.isTTY) {
    stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    stdout.write('(none)\n');
    return;
  }
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown): string =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  stdout.write(`${bold(line(cols))}\n`);
  for (const r of rows) stdout.write(`${line(cols.map((c) => cell(r[c])))}\n`);
}

/** Prints one value: pretty JSON (the value is already a plain object). */
export function printValue(value: unknown): void {
  stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
