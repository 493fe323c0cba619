/**
 * One table's COPY FROM STDIN stream. Lines are gathered into chunks of a few hundred kilobytes
 * before they reach the socket (one write per line would cost more than generating it), and the
 * generator waits whenever PostgreSQL falls behind, so memory stays flat however long the history.
 */
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../sql/index.ts';

const CHUNK = 512 * 1024;

export class CopySink {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private drained: Promise<void> | null = null;
  private readonly stream: ReturnType<typeof copyFrom>;
  rows = 0;

  constructor(client: pg.ClientBase, schema: string, table: string, columns: readonly string[]) {
    const cols = columns.map(quoteIdent).join(', ');
    this.stream = client.query(
      copyFrom(`COPY ${quoteIdent(schema)}.${quoteIdent(table)} (${cols}) FROM STDIN (FORMAT csv)`),
    );
    // Keep the error until someone awaits: an unhandled 'error' event would crash the process.
    this.stream.on('error', () => {});
  }

  /** Encodes the line straight into the current chunk: no long-lived string ropes for the GC. */
  write(line: string): void {
    this.rows++;
    if (this.used + line.length * 3 > CHUNK) {
      this.push();
      if (line.length * 3 > CHUNK) {
        this.buffer = Buffer.allocUnsafe(line.length * 3);
      }
    }
    this.used += this.buffer.write(line, this.used);
  }

  /** Copies an already encoded line (bytes start..end of buf), optionally after a text prefix. */
  writeBytes(prefix: string, buf: Buffer, start: number, end: number): void {
    this.rows++;
    const need = prefix.length + end - start;
    if (this.used + need > this.buffer.length) {
      this.push();
      if (need > CHUNK) this.buffer = Buffer.allocUnsafe(need);
    }
    if (prefix) this.used += this.buffer.write(prefix, this.used, 'latin1');
    this.used += buf.copy(this.buffer, this.used, start, end);
  }

  private push(): void {
    if (this.used === 0) return;
    const ok = this.stream.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    if (!ok && !this.drained) {
      this.drained = new Promise((resolve, reject) => {
        const onError = (err: Error): void => reject(err);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          this.drained = null;
          resolve();
        });
      });
    }
  }

  /** Resolves once PostgreSQL has taken what was written so far. */
  ready(): Promise<void> {
    if (this.stream.errored) return Promise.reject(this.stream.errored);
    return this.drained ?? Promise.resolve();
  }

  async end(): Promise<void> {
    this.push();
    this.stream.end();
    await finished(this.stream);
  }
}
