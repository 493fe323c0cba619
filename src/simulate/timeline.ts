/**
 * Puts rows in the order things happened. Scenarios are generated in order of their start, but
 * their rows land later (a retry, a re-delivery hours after, a cancellation next week), so rows
 * wait in one-minute buckets until the generator's clock has passed them; then each bucket is
 * sorted by time and written. That gives api_logs and IdempotencyLock ids in time order, as a real
 * gateway and database would, while only the near future is held in memory.
 *
 * Rows at or after the end of the window are dropped (the history stops there), and gateway rows
 * inside the log-retention gap are dropped too.
 */
import type { CopySink } from './copy-sink.ts';
import { MINUTE } from './time.ts';

export type TableName = 'Reservation' | 'Payment' | 'IdempotencyRecord' | 'IdempotencyLock' | 'api_logs';

/** Tables whose id is a bigserial: the id is assigned when the row is written, in time order. */
const SERIAL: ReadonlySet<TableName> = new Set(['IdempotencyLock', 'api_logs']);

interface Pending {
  readonly ts: number;
  readonly seq: number;
  readonly table: TableName;
  readonly line: string;
}

export class Timeline {
  private readonly buckets = new Map<number, Pending[]>();
  private nextBucket: number;
  private seq = 0;
  private readonly serial = new Map<TableName, number>();

  constructor(
    private readonly sinks: Readonly<Record<TableName, CopySink>>,
    from: number,
    private readonly to: number,
    private readonly logGap: { readonly from: number; readonly to: number },
  ) {
    this.nextBucket = Math.floor(from / MINUTE) - 1;
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
    if (b <= this.nextBucket - 1) throw new Error('simulator bug: a row in the already written past');
    let bucket = this.buckets.get(b);
    if (!bucket) {
      bucket = [];
      this.buckets.set(b, bucket);
    }
    bucket.push({ ts, seq: this.seq++, table, line });
  }

  /** Writes every bucket that ends before `clock` (no scenario starting later can add to them). */
  flushBefore(clock: number): void {
    const last = Math.floor(clock / MINUTE) - 1;
    while (this.nextBucket <= last) {
      const rows = this.buckets.get(this.nextBucket);
      if (rows) {
        this.buckets.delete(this.nextBucket);
        rows.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
        for (const r of rows) this.write(r);
      }
      this.nextBucket++;
    }
  }

  flushAll(): void {
    this.flushBefore(this.to + 2 * MINUTE);
  }

  private write(r: Pending): void {
    const sink = this.sinks[r.table];
    if (SERIAL.has(r.table)) {
      const id = (this.serial.get(r.table) ?? 0) + 1;
      this.serial.set(r.table, id);
      sink.write(`${id},${r.line}`);
    } else {
      sink.write(r.line);
    }
  }
}
