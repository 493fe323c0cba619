/**
 * One CSV line for PostgreSQL's COPY (FORMAT csv): an unquoted empty field is NULL, anything with
 * a comma, quote or line break is quoted. Written by hand rather than with csv-stringify because
 * this runs for every one of several million rows and is the generator's hot path.
 */
export type CsvValue = string | number | boolean | null;

const NEEDS_QUOTES = /[",\r\n]/;

/** One text field, quoted only when it must be; null is NULL. */
export function text(v: string | null): string {
  if (v === null) return '';
  return v === '' || NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function field(v: CsvValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v === '' || NEEDS_QUOTES.test(v)) return `"${v.replaceAll('"', '""')}"`;
  return v;
}

export function csvLine(values: readonly CsvValue[]): string {
  let line = field(values[0]!);
  for (let i = 1; i < values.length; i++) line += `,${field(values[i]!)}`;
  return `${line}\n`;
}
