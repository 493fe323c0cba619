/**
 * What happens to the money of the cancelled copies, payment by payment, each in the payment's
 * own currency: what a CAPTURED or PARTIALLY_REFUNDED payment still holds (amount less what
 * support already refunded) is refunded, or transferred to the kept booking when an approver
 * kept an unpaid member and the payment is in that booking's currency; an authorisation is
 * voided; FAILED, REFUNDED, VOIDED and a payment refunded in full hold nothing and plan nothing.
 * A PENDING payment may still be captured after the plan is made, so it is flagged rather than
 * ignored. The kept reservation's own payments are never touched.
 */
import {
  formatMoney,
  fromMinor,
  type PlanFlag,
  type RefundItem,
  type SetMember,
  type TransferItem,
  type VoidItem,
} from '../model/index.ts';
import type { PaymentCheck } from './check-payment.ts';
import { itemIdFor } from './item-id.ts';

export interface CheckedMember {
  readonly member: SetMember;
  readonly payments: readonly { readonly paymentId: string; readonly check: PaymentCheck }[];
}

export interface MoneyActions {
  readonly refunds: RefundItem[];
  readonly voids: VoidItem[];
  readonly transfers: TransferItem[];
  readonly flags: PlanFlag[];
}

/**
 * `transferFrom`: the copy whose held payments move to the kept booking (only when the approver
 * kept an unpaid member while this copy is paid); its payments in another currency than the kept
 * booking's are refunded.
 */
export function moneyActions(
  planId: string,
  kept: SetMember,
  copies: readonly CheckedMember[],
  transferFrom: string | null,
): MoneyActions {
  const out: MoneyActions = { refunds: [], voids: [], transfers: [], flags: [] };
  for (const { member, payments } of copies) {
    const reservationId = member.reservationId;
    for (const { paymentId, check } of payments) {
      if (!check.ok) continue; // flagged once, where the payments are checked
      const amount = fromMinor(check.held);
      const currency = check.currency;
      switch (check.state) {
        case 'HELD':
          if (check.held === 0n) break;
          if (reservationId === transferFrom && currency === kept.currency) {
            const toReservationId = kept.reservationId;
            const itemId = itemIdFor(planId, 'transfer', paymentId, reservationId, toReservationId);
            out.transfers.push({
              itemId,
              paymentId,
              fromReservationId: reservationId,
              toReservationId,
              amount,
              currency,
            });
          } else {
            const itemId = itemIdFor(planId, 'refund', paymentId, reservationId);
            out.refunds.push({ itemId, paymentId, reservationId, amount, currency });
          }
          break;
        case 'AUTHORIZED':
          out.voids.push({
            itemId: itemIdFor(planId, 'void', paymentId, reservationId),
            paymentId,
            reservationId,
            amount,
            currency,
          });
          break;
        case 'PENDING':
          out.flags.push({
            code: 'UNHANDLED_PAYMENT',
            detail: `payment ${paymentId} of copy ${reservationId} is PENDING (${formatMoney(amount, currency)}) and may still be captured: settle it before cancelling`,
          });
          break;
        case 'NONE':
          break;
        default: {
          const never: never = check;
          throw new Error(`unexpected payment state ${JSON.stringify(never)}`);
        }
      }
    }
  }
  return out;
}
