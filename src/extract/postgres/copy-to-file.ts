/**
 * Streams one SELECT out of PostgreSQL as CSV into a file. CSV through COPY is the fastest
 * exact path measured here (stack-notes.md): PostgreSQL renders every value as text once,
 * DuckDB parses it in parallel, and nothing is decoded row by row in JavaScript.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

/** Returns the number of rows PostgreSQL sent. */
export async function copyToFile(client: pg.ClientBase, select: string, path: string): Promise<number> {
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT csv)`));
  await pipeline(stream, createWriteStream(path, { highWaterMark: 1 << 20 }));
  return stream.rowCount ?? 0;
}
