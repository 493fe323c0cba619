/**
 * Reads one payment the way the planner needs it: how much it holds and in what way, or why the
 * plan cannot reason about it. A payment that does not add up is reported, never guessed at:
 * the plan carrying it gets flagged and leaves that payment alone.
 */
import { DataError } from '../errors/index.ts';
import { type PaymentView, type SetMember, toMinor } from '../model/index.ts';

export type PaymentCheck =
  /** CAPTURED or PARTIALLY_REFUNDED: `held` (amount - refundedAmount) is the guest's money we have. */
  | { readonly ok: true; readonly state: 'HELD'; readonly held: bigint }
  /** AUTHORIZED: `held` is reserved on the card; no money moved. */
  | { readonly ok: true; readonly state: 'AUTHORIZED'; readonly held: bigint }
  /** PENDING: may still be captured; nothing to move yet. */
  | { readonly ok: true; readonly state: 'PENDING'; readonly held: bigint }
  /** FAILED, REFUNDED or VOIDED: holds nothing. */
  | { readonly ok: true; readonly state: 'NONE'; readonly held: 0n }
  | { readonly ok: false; readonly reason: string };

function parse(amount: string, what: string): bigint | string {
  try {
    const minor = toMinor(amount);
    return minor < 0n ? `${what} ${amount} is negative` : minor;
  } catch (err) {
    if (err instanceof DataError) return `${what} ${JSON.stringify(amount)} is not an exact amount`;
    throw err;
  }
}

export function checkPayment(
  p: PaymentView,
  member: Pick<SetMember, 'reservationId' | 'currency'>,
): PaymentCheck {
  const bad = (why: string): PaymentCheck => ({ ok: false, reason: `payment ${p.paymentId}: ${why}` });
  if (p.reservationId !== member.reservationId) {
    return bad(`belongs to ${p.reservationId}, listed under ${member.reservationId}`);
  }
  if (p.currency !== member.currency) {
    return bad(`currency ${p.currency} differs from its reservation's ${member.currency}`);
  }
  const amount = parse(p.amount, 'amount');
  if (typeof amount === 'string') return bad(amount);
  const refunded = parse(p.refundedAmount, 'refundedAmount');
  if (typeof refunded === 'string') return bad(refunded);
  if (refunded > amount) return bad(`refundedAmount ${p.refundedAmount} exceeds amount ${p.amount}`);
  switch (p.status) {
    case 'CAPTURED':
    case 'PARTIALLY_REFUNDED':
      return { ok: true, state: 'HELD', held: amount - refunded };
    case 'AUTHORIZED':
      return { ok: true, state: 'AUTHORIZED', held: amount };
    case 'PENDING':
      return { ok: true, state: 'PENDING', held: amount };
    case 'FAILED':
    case 'REFUNDED':
    case 'VOIDED':
      return { ok: true, state: 'NONE', held: 0n };
    default:
      return bad(`unknown status ${JSON.stringify(p.status)}`);
  }
}
