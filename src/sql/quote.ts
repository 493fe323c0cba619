/**
 * The one place identifiers are quoted. Values never go through here: they are bound
 * parameters. Works for both PostgreSQL and DuckDB, which share the SQL-standard rule.
 */

/** "Reservation" -> "\"Reservation\""; embedded double quotes are doubled; NUL is refused. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('an SQL identifier cannot be empty');
  if (name.includes('\u0000'))
    throw new Error(`an SQL identifier cannot contain NUL: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/** schema.table, each part quoted; a missing schema leaves the search path to decide. */
export function quoteQualified(schema: string | undefined, name: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}
