/**
 * What a payment holds from the guest, by its status (docs/contracts.md section 1): the one
 * answer for choosing the booking to keep, planning refunds and voids, checking a plan still
 * holds before it is carried out, and validating it after. SQL gets the lists as bound
 * parameters, never copies of them.
 */
import { PAYMENT_STATUSES, type PaymentStatus } from './types.ts';

/**
 * - HELD: money taken (CAPTURED, PARTIALLY_REFUNDED); `amount - refundedAmount` is still ours
 *   to refund.
 * - AUTHORIZED: the amount is reserved on the card and no money moved; it is voided, not refunded.
 * - PENDING: may still be captured; nothing to move yet.
 * - NONE: holds nothing (FAILED, REFUNDED, VOIDED).
 */
export type PaymentHold = 'HELD' | 'AUTHORIZED' | 'PENDING' | 'NONE';

const HOLD: Readonly<Record<PaymentStatus, PaymentHold>> = {
  PENDING: 'PENDING',
  AUTHORIZED: 'AUTHORIZED',
  CAPTURED: 'HELD',
  FAILED: 'NONE',
  REFUNDED: 'NONE',
  PARTIALLY_REFUNDED: 'HELD',
  VOIDED: 'NONE',
};

/** Statuses that show a refund made on the payment (all of it or part). */
const REFUND_SHOWN: ReadonlySet<string> = new Set<PaymentStatus>(['REFUNDED', 'PARTIALLY_REFUNDED']);

/** The status of a charge that never went through: it took nothing and charged nothing. */
export const FAILED_PAYMENT_STATUS = 'FAILED' satisfies PaymentStatus;

/** The status of an authorisation released without capture. */
export const VOIDED_PAYMENT_STATUS = 'VOIDED' satisfies PaymentStatus;

/** What a payment with this status holds; null for a status the reference schema does not know. */
export function paymentHold(status: string | null | undefined): PaymentHold | null {
  return status != null && Object.hasOwn(HOLD, status) ? HOLD[status as PaymentStatus] : null;
}

/** Money taken and not all given back: what a refund can return. */
export function isCapturedPayment(status: string | null | undefined): boolean {
  return paymentHold(status) === 'HELD';
}

/** An authorisation that can still be voided. */
export function isVoidablePayment(status: string | null | undefined): boolean {
  return paymentHold(status) === 'AUTHORIZED';
}

/** The payment shows a refund (all of it or part). */
export function showsRefund(status: string | null | undefined): boolean {
  return status != null && REFUND_SHOWN.has(status);
}

/**
 * Payments that hold their whole charge: money taken or reserved and none of it given back, so
 * their amount is what the booking was charged (CAPTURED, AUTHORIZED). The rules read the
 * source's pricing convention from them.
 */
export const WHOLE_CHARGE_PAYMENT_STATUSES: readonly PaymentStatus[] = PAYMENT_STATUSES.filter(
  (s) => (HOLD[s] === 'HELD' || HOLD[s] === 'AUTHORIZED') && !REFUND_SHOWN.has(s),
);
