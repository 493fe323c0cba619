/**
 * One table's COPY FROM STDIN stream. Lines are gathered into chunks of a few hundred kilobytes
 * before they reach the socket (one write per line would cost more than generating it), and the
 * generator waits whenever PostgreSQL falls behind, so memory stays flat however long the history.
 */
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { quoteIdent } from '../sql/index.ts';

const CHUNK = 256 * 1024;

export class CopySink {
  private buffer = '';
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

  write(line: string): void {
    this.buffer += line;
    this.rows++;
    if (this.buffer.length >= CHUNK) this.push();
  }

  private push(): void {
    const ok = this.stream.write(this.buffer);
    this.buffer = '';
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
    if (this.buffer.length > 0) this.push();
    this.stream.end();
    await finished(this.stream);
  }
}
