/**
 * Everything a scenario needs while it writes: the generator, the catalogue, id minting and one
 * method per table that turns a row into its CSV line on the timeline. The row methods are the
 * only place that knows the column order (the same order as COLUMNS, used by the COPY commands).
 */
import type { Property } from './catalog.ts';
import { csvLine, text } from './csv-line.ts';
import type { IdMaker } from './ids.ts';
import type { Prng } from './prng.ts';
import type { ResolvedRegression } from './release-regression.ts';
import { isoDate, isoMicros } from './time.ts';
import type { TableName, Timeline } from './timeline.ts';
import { Truth } from './truth.ts';

export const COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  Reservation: [
    'id',
    'confirmationNumber',
    'guestEmail',
    'guestName',
    'propertyId',
    'roomTypeId',
    'checkIn',
    'checkOut',
    'rateAmount',
    'currency',
    'status',
    'cancelReason',
    'idempotencyKey',
    'createdAt',
    'updatedAt',
  ],
  Payment: [
    'id',
    'reservationId',
    'status',
    'amount',
    'refundedAmount',
    'currency',
    'providerChargeId',
    'createdAt',
    'updatedAt',
  ],
  IdempotencyRecord: ['idempotencyKey', 'resourceId', 'statusCode', 'attempts', 'createdAt'],
  IdempotencyLock: ['id', 'key', 'requestId', 'acquired', 'createdAt', 'releasedAt'],
  api_logs: [
    'id',
    'timestamp',
    'requestId',
    'correlationId',
    'idempotencyKey',
    'guestEmail',
    'clientId',
    'endpoint',
    'method',
    'status',
    'response',
    'duration',
    'error',
  ],
};

/** What was booked: one room for one stay, as the guest typed it. */
export interface Stay {
  readonly guestEmail: string;
  readonly guestName: string;
  readonly property: Property;
  readonly roomTypeId: string;
  /** Days since the epoch. */
  readonly checkIn: number;
  readonly checkOut: number;
  readonly rateMinor: number;
}

export interface ReservationRow {
  readonly stay: Stay;
  readonly createdAt: number;
  readonly key: string | null;
  readonly status: string;
  readonly cancelReason: string | null;
  readonly updatedAt: number;
}

export interface PaymentRow {
  readonly reservationId: string;
  readonly status: string;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface LogRow {
  readonly ts: number;
  readonly requestId: string;
  readonly correlationId: string | null;
  readonly key: string | null;
  readonly email: string | null;
  readonly clientId: string;
  readonly endpoint: string;
  readonly method: string;
  readonly status: number | null;
  /** JSON text of the body sent, or null. */
  readonly response: string | null;
  readonly durationMs: number;
  readonly error: string | null;
}

/** Minor units -> "123.45". */
export function decimal(minor: number): string {
  const whole = Math.floor(minor / 100);
  return `${whole}.${String(minor - whole * 100).padStart(2, '0')}`;
}

/** Exact running sums per currency of what was written, to check the load against. */
export interface MoneyTotals {
  amount: Map<string, bigint>;
  refunded: Map<string, bigint>;
}

export interface WorldSettings {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly guests: number;
  readonly properties: readonly Property[];
  /** The release that regresses from a night on, if the history has one. */
  readonly regression: ResolvedRegression | null;
}

export class World {
  readonly money: MoneyTotals = { amount: new Map(), refunded: new Map() };
  /** Grouping keys (hashed: normalised email, dates, room type) already taken by some booking. */
  readonly takenKeys = new Set<number>();
  readonly truth = new Truth();
  /** Reservations written so far. */
  made = 0;

  constructor(
    readonly prng: Prng,
    readonly ids: IdMaker,
    readonly timeline: Timeline,
    readonly settings: WorldSettings,
  ) {}

  reservation(r: ReservationRow): string {
    const id = this.ids.row();
    this.made++;
    const s = r.stay;
    // Built as one template: ids, dates, amounts and enums never need quoting; free text does.
    this.timeline.add(
      'Reservation',
      r.createdAt,
      `${id},${this.ids.confirmation()},${text(s.guestEmail)},${text(s.guestName)},${s.property.id},${s.roomTypeId},${isoDate(s.checkIn)},${isoDate(s.checkOut)},${decimal(s.rateMinor)},${s.property.currency},${r.status},${text(r.cancelReason)},${r.key ?? ''},${isoMicros(r.createdAt)},${isoMicros(r.updatedAt)}\n`,
    );
    return id;
  }

  payment(p: PaymentRow): string {
    const id = this.ids.row();
    const charged = p.status !== 'PENDING' && p.status !== 'FAILED';
    const charge = charged || this.prng.chance(0.5) ? this.ids.charge() : null;
    this.timeline.add(
      'Payment',
      p.createdAt,
      csvLine([
        id,
        p.reservationId,
        p.status,
        decimal(p.amountMinor),
        decimal(p.refundedMinor),
        p.currency,
        charge,
        isoMicros(p.createdAt),
        isoMicros(p.updatedAt),
      ]),
    );
    const add = (m: Map<string, bigint>, v: number): void => {
      m.set(p.currency, (m.get(p.currency) ?? 0n) + BigInt(v));
    };
    add(this.money.amount, p.amountMinor);
    add(this.money.refunded, p.refundedMinor);
    return id;
  }

  log(l: LogRow): void {
    this.timeline.add(
      'api_logs',
      l.ts,
      `${isoMicros(l.ts)},${l.requestId},${l.correlationId ?? ''},${l.key ?? ''},${text(l.email)},${l.clientId},${l.endpoint},${l.method},${l.status ?? ''},${text(l.response)},${Math.round(l.durationMs)},${text(l.error)}\n`,
    );
  }

  lock(
    key: string,
    requestId: string,
    acquired: boolean,
    createdAt: number,
    releasedAt: number | null,
  ): void {
    this.timeline.add(
      'IdempotencyLock',
      createdAt,
      csvLine([
        key,
        requestId,
        acquired,
        isoMicros(createdAt),
        releasedAt === null ? null : isoMicros(releasedAt),
      ]),
    );
  }

  record(key: string, resourceId: string, statusCode: number, attempts: number, createdAt: number): void {
    this.timeline.add(
      'IdempotencyRecord',
      createdAt,
      csvLine([key, resourceId, statusCode, attempts, isoMicros(createdAt)]),
    );
  }
}
