/**
 * Reads one payment the way the planner needs it: how much it holds and in what way, or why the
 * plan cannot reason about it. A payment that does not add up is reported, never guessed at:
 * the plan carrying it gets flagged and leaves that payment alone. A payment in another currency
 * than its booking's is not one of those: with dynamic currency conversion the card is charged in
 * its own currency (domain notes, "Payments in the card's currency"), and the payment is planned
 * in that currency like any other.
 */
import { DataError } from '../errors/index.ts';
import { isCurrencyCode, type PaymentView, paymentHold, type SetMember, toMinor } from '../model/index.ts';

export type PaymentCheck =
  /**
   * What the payment holds (model's paymentHold): HELD, `held` is amount - refundedAmount, the
   * guest's money we have. Every readable payment carries its own `currency`, which may differ
   * from its reservation's; `held` is in that currency.
   */
  | { readonly ok: true; readonly state: 'HELD'; readonly held: bigint; readonly currency: string }
  /** AUTHORIZED: `held` is reserved on the card; no money moved. */
  | { readonly ok: true; readonly state: 'AUTHORIZED'; readonly held: bigint; readonly currency: string }
  /** PENDING: may still be captured; nothing to move yet. */
  | { readonly ok: true; readonly state: 'PENDING'; readonly held: bigint; readonly currency: string }
  /** FAILED, REFUNDED or VOIDED: holds nothing, whatever the amounts say. */
  | { readonly ok: true; readonly state: 'NONE'; readonly held: 0n; readonly currency: string }
  | { readonly ok: false; readonly reason: string };

function parse(amount: string | null, what: string): bigint | string {
  if (amount === null) return `no ${what} (NULL in the source)`;
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
  if (p.sourceCopies !== undefined) {
    return bad(
      `the source holds ${p.sourceCopies} different rows with this id; which one is true is for a person`,
    );
  }
  if (p.currency === null) return bad('no currency (NULL in the source)');
  // Without the booking's currency the keep rule cannot tell a card-currency payment from one in
  // the booking's own, so it cannot weigh what the payment holds.
  if (member.currency === null) return bad(`its reservation ${member.reservationId} has no currency`);
  if (!isCurrencyCode(p.currency))
    return bad(`currency ${JSON.stringify(p.currency)} is not an ISO 4217 code`);
  if (!isCurrencyCode(member.currency))
    return bad(
      `its reservation ${member.reservationId} has currency ${JSON.stringify(member.currency)}, not an ISO 4217 code`,
    );
  const amount = parse(p.amount, 'amount');
  if (typeof amount === 'string') return bad(amount);
  const refunded = parse(p.refundedAmount, 'refundedAmount');
  if (typeof refunded === 'string') return bad(refunded);
  if (refunded > amount) return bad(`refundedAmount ${p.refundedAmount} exceeds amount ${p.amount}`);
  const currency = p.currency;
  if (p.status === null) return bad('no status (NULL in the source)');
  const hold = paymentHold(p.status);
  switch (hold) {
    case 'HELD':
      return { ok: true, state: 'HELD', held: amount - refunded, currency };
    case 'AUTHORIZED':
      return { ok: true, state: 'AUTHORIZED', held: amount, currency };
    case 'PENDING':
      return { ok: true, state: 'PENDING', held: amount, currency };
    case 'NONE':
      return { ok: true, state: 'NONE', held: 0n, currency };
    case null:
      return bad(`unknown status ${JSON.stringify(p.status)}`);
    default: {
      const never: never = hold;
      throw new Error(`unexpected payment hold ${JSON.stringify(never)}`);
    }
  }
}
