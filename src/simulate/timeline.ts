/**
 * Puts rows in the order things happened. Scenarios are generated in order of their start, but
 * their rows land later (a retry, a re-delivery hours after, a cancellation next week), so rows
 * wait in one-minute buckets until the generator's clock has passed them; then each bucket is
 * sorted by time and written. That gives api_logs and IdempotencyLock ids in time order, as a real
 * gateway and database would, while only the near future is held in memory.
 *
 * A waiting row is stored encoded, in its bucket's byte arena, not as a string: millions of
 * strings waiting a while are what makes a garbage collector's work grow faster than the history.
 *
 * Rows at or after the end of the window are dropped (the history stops there), and gateway rows
 * inside the log-retention gap are dropped too.
 */
import type { CopySink } from './copy-sink.ts';
import { MINUTE } from './time.ts';

export type TableName = 'Reservation' | 'Payment' | 'IdempotencyRecord' | 'IdempotencyLock' | 'api_logs';

const TABLES: readonly TableName[] = [
  'Reservation',
  'Payment',
  'IdempotencyRecord',
  'IdempotencyLock',
  'api_logs',
];
/** Tables whose id is a bigserial: the id is assigned when the row is written, in time order. */
const SERIAL: readonly boolean[] = TABLES.map((t) => t === 'IdempotencyLock' || t === 'api_logs');

class Bucket {
  buf = Buffer.allocUnsafe(4096);
  used = 0;
  readonly ts: number[] = [];
  readonly table: number[] = [];
  readonly start: number[] = [];

  add(ts: number, table: number, line: string): void {
    if (this.used + line.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.ts.push(ts);
    this.table.push(table);
    this.start.push(this.used);
    this.used += this.buf.write(line, this.used);
  }
}

export class Timeline {
  private readonly buckets = new Map<number, Bucket>();
  private nextBucket: number;
  private readonly serial = TABLES.map(() => 0);
  private readonly sinkList: CopySink[];

  constructor(
    sinks: Readonly<Record<TableName, CopySink>>,
    from: number,
    private readonly to: number,
    private readonly logGap: { readonly from: number; readonly to: number },
  ) {
    this.nextBucket = Math.floor(from / MINUTE) - 1;
    this.sinkList = TABLES.map((t) => sinks[t]);
  }

  /** Whether a gateway row at this time survives the retention gap. */
  logged(ts: number): boolean {
    return ts < this.logGap.from || ts >= this.logGap.to;
  }

  add(table: TableName, ts: number, line: string): void {
    if (ts >= this.to) {
      if (table === 'Reservation' || table === 'Payment') {
        throw new Error(`simulator bug: a ${table} row after the end of the window`);
      }
      return;
    }
    if (table === 'api_logs' && !this.logged(ts)) return;
    const b = Math.floor(ts / MINUTE);
    if (b < this.nextBucket) throw new Error('simulator bug: a row in the already written past');
    let bucket = this.buckets.get(b);
    if (!bucket) {
      bucket = new Bucket();
      this.buckets.set(b, bucket);
    }
    bucket.add(ts, TABLES.indexOf(table), line);
  }

  /** Writes every bucket that ends before `clock` (no scenario starting later can add to them). */
  flushBefore(clock: number): void {
    const last = Math.floor(clock / MINUTE) - 1;
    while (this.nextBucket <= last) {
      const bucket = this.buckets.get(this.nextBucket);
      if (bucket) {
        this.buckets.delete(this.nextBucket);
        this.write(bucket);
      }
      this.nextBucket++;
    }
  }

  flushAll(): void {
    this.flushBefore(this.to + 2 * MINUTE);
  }

  private write(b: Bucket): void {
    const n = b.ts.length;
    const order = Array.from({ length: n }, (_, i) => i);
    // Stable: rows at the same microsecond keep the order they were made in.
    order.sort((x, y) => b.ts[x]! - b.ts[y]! || x - y);
    for (const i of order) {
      const t = b.table[i]!;
      const end = i + 1 < n ? b.start[i + 1]! : b.used;
      const prefix = SERIAL[t] ? `${++this.serial[t]!},` : '';
      this.sinkList[t]!.writeBytes(prefix, b.buf, b.start[i]!, end);
    }
  }
}
