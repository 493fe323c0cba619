/**
 * Payments: the POST /api/v1/payments request, the Payment row, and later refunds and voids.
 * Amounts are the nightly rate times the nights, in minor units, in the booking's currency unless
 * the card's was charged (card-currency.ts); a partial refund is always less than the amount
 * (and in whole yen for JPY). A refund or a void made later is support's, from the back office.
 */
import { BACKOFFICE } from './clients.ts';
import type { Caller } from './requests.ts';
import { MINUTE, MS, SECOND } from './time.ts';
import { decimal, type Stay, type World } from './world.ts';

export type ChargeOutcome =
  | 'CAPTURED'
  | 'AUTHORIZED'
  | 'PENDING'
  | 'FAILED'
  | 'PARTIALLY_REFUNDED'
  | 'REFUNDED'
  | 'VOIDED';

/** One payment as the truth needs it (the keep rule and the expected refunds). */
export interface PaymentTruth {
  readonly paymentId: string;
  readonly reservationId: string;
  readonly status: ChargeOutcome;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: string;
  readonly createdAt: number;
}

export function stayAmountMinor(stay: Stay): number {
  return stay.rateMinor * (stay.checkOut - stay.checkIn);
}

function partialRefundMinor(w: World, amount: number, currency: string): number {
  const unit = currency === 'JPY' ? 100 : 1;
  const r = Math.floor((amount * w.prng.real(0.1, 0.8)) / unit) * unit;
  return Math.min(amount - unit, Math.max(unit, r));
}

export interface ChargeOptions {
  /** The amount in minor units; default the stay's (a cart, a deposit or a balance differ). */
  readonly amountMinor?: number;
  /** When the Payment row is created; default a few seconds after `after`, as a guest pays. */
  readonly at?: number;
  /** The currency charged, with `amountMinor` in it; default the booking's. */
  readonly currency?: string;
}

const drawDurationMs = (w: World): number =>
  Math.round(Math.min(12_000, Math.max(150, w.prng.logNormal(900, 0.45))));

/** The payment request's arrival and length, and when its row was created. */
function timing(
  w: World,
  after: number,
  at: number | undefined,
): { ts: number; durationMs: number; createdAt: number } {
  const p = w.prng;
  if (at === undefined) {
    const ts = after + Math.round(p.real(1.5, 25) * SECOND);
    const durationMs = drawDurationMs(w);
    return { ts, durationMs, createdAt: ts + Math.round(durationMs * p.real(0.2, 0.8)) * MS };
  }
  const durationMs = drawDurationMs(w);
  return { ts: at - Math.round(durationMs * p.real(0.2, 0.8)) * MS, durationMs, createdAt: at };
}

/**
 * Charges a reservation `after` the booking answered. A refund (full or partial) or the void of
 * an authorisation (VOIDED) happens at `refundAt`, clamped into the window. Returns nothing when
 * the window ends before the charge.
 */
export function charge(
  w: World,
  c: Caller,
  reservationId: string,
  stay: Stay,
  after: number,
  outcome: ChargeOutcome,
  refundAt?: number,
  o: ChargeOptions = {},
): PaymentTruth | null {
  const p = w.prng;
  const { ts, durationMs, createdAt } = timing(w, after, o.at);
  if (ts + durationMs * MS >= w.settings.to - MINUTE) return null;
  const currency = o.currency ?? stay.property.currency;
  const amountMinor = o.amountMinor ?? stayAmountMinor(stay);
  const undone = outcome === 'REFUNDED' || outcome === 'PARTIALLY_REFUNDED' || outcome === 'VOIDED';
  const refundTs = undone
    ? Math.min(refundAt ?? createdAt + p.exp(3 * 24 * 60) * MINUTE, w.settings.to - 2 * SECOND)
    : null;
  const refundedMinor =
    outcome === 'REFUNDED'
      ? amountMinor
      : outcome === 'PARTIALLY_REFUNDED'
        ? partialRefundMinor(w, amountMinor, currency)
        : 0;
  const settledAt = createdAt + Math.round(p.real(0.3, 4) * SECOND);
  const updatedAt =
    refundTs !== null ? Math.max(refundTs, settledAt) : outcome === 'PENDING' ? createdAt : settledAt;
  const paymentId = w.payment({
    reservationId,
    status: outcome,
    amountMinor,
    refundedMinor,
    currency,
    createdAt,
    updatedAt,
  });
  const failed = outcome === 'FAILED';
  w.log({
    ts,
    requestId: w.ids.request(),
    correlationId: c.correlationId,
    key: null,
    email: c.email,
    clientId: c.client.id,
    endpoint: '/api/v1/payments',
    method: 'POST',
    status: failed ? 402 : 201,
    response: failed ? `{"error": "card_declined", "id": "${paymentId}"}` : `{"id": "${paymentId}"}`,
    durationMs,
    error: null,
  });
  if (refundTs !== null && refundTs > settledAt) {
    const voided = outcome === 'VOIDED';
    w.log({
      ts: refundTs - 400 * MS,
      requestId: w.ids.request(),
      correlationId: null,
      key: null,
      email: null,
      clientId: BACKOFFICE.id,
      endpoint: `/api/v1/payments/${paymentId}/${voided ? 'void' : 'refunds'}`,
      method: 'POST',
      status: voided ? 200 : 201,
      response: voided
        ? `{"paymentId": "${paymentId}", "status": "VOIDED"}`
        : `{"paymentId": "${paymentId}", "amount": "${decimal(refundedMinor)}"}`,
      durationMs: 380,
      error: null,
    });
  }
  return { paymentId, reservationId, status: outcome, amountMinor, refundedMinor, currency, createdAt };
}
