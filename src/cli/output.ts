/**
 * The one way commands print results: a table or page on a terminal, JSON when piped (or with
 * --json, or --format json); `--format table` asks for the terminal's form anywhere, for a pager
 * or a test. Messages for people go to stderr so stdout stays machine-readable. Respects NO_COLOR.
 * A reader that stops early (`resrecon plans list | head`) ends the command quietly with exit
 * status 0: whatever it did not read was not wanted.
 */
import { stdout } from 'node:process';
import { ConfigError } from '../errors/index.ts';

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

let guarded = false;

/**
 * A closed stdout (the reader exited) surfaces as an EPIPE error on the stream; unhandled, Node
 * prints a stack trace and exits 1. The output was for that reader only, so the command ends
 * here, successfully. Any other error on stdout is left to fail as before.
 */
function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    // A failure the command already recorded (a refused plan in a batch) still counts.
    if (err.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0) || 0);
    throw err;
  });
}

/** Writes text to stdout, ending the command quietly if the reader has gone. */
export function write(text: string): void {
  guardStdout();
  stdout.write(text);
}

/**
 * Text from the booking data made safe for a terminal: a guest name or client id holding escape
 * sequences could otherwise recolour, move or rewrite what the reader sees. Control characters
 * (line ends among them: one value stays on its line) and the bidirectional overrides are shown
 * as escapes, so the text is there as written, only inert. A tab becomes a space.
 */
export function terminalSafe(text: string): string {
  return text
    .replaceAll('\t', ' ')
    .replace(
      /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

export const OUTPUT_FORMATS = ['table', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The option every listing command takes to choose its form. */
export const FORMAT_OPTION = [
  '--format <format>',
  'table (the terminal form) or json; default: table on a terminal, json when piped',
] as const;

/**
 * The form to print in: json when asked (`--json` or `--format json`), table when asked, and
 * otherwise table on a terminal and json for a pipe or file.
 */
export function outputFormat(options: { json?: boolean; format?: string } = {}): OutputFormat {
  if (options.format !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(options.format))
    throw new ConfigError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`, '--format');
  if (options.json) return 'json';
  if (options.format) return options.format as OutputFormat;
  return stdout.isTTY ? 'table' : 'json';
}

export interface RowsOptions {
  /** Print JSON even on a terminal. */
  readonly json?: boolean;
  /** The form to print in (outputFormat); overrides the terminal check. */
  readonly format?: OutputFormat;
  /** Columns whose cells are right-aligned in the table, such as amounts. */
  readonly right?: readonly string[];
}

/** Rows as aligned columns for a person: a bold header, then one line per row. */
export function tableText(rows: readonly Record<string, unknown>[], right: readonly string[] = []): string {
  if (rows.length === 0) return '(none)\n';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown): string =>
    terminalSafe(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => (right.includes(cols[i]!) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [bold(line(cols)), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))]
    .map((l) => `${l}\n`)
    .join('');
}

/**
 * Prints rows as an aligned table on a terminal, as JSON when stdout is not one (or json is
 * true). `table`, when given, makes the rows a person reads instead of the machine rows.
 */
export function printRows(
  rows: readonly object[],
  options: RowsOptions = {},
  table?: () => readonly Record<string, unknown>[],
): void {
  const format = options.format ?? outputFormat({ ...(options.json ? { json: true } : {}) });
  if (format === 'json') {
    write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  write(tableText(table ? table() : (rows as readonly Record<string, unknown>[]), options.right));
}

/** Prints one value: pretty JSON (the value is already a plain object). */
export function printValue(value: unknown): void {
  write(`${JSON.stringify(value, null, 2)}\n`);
}
