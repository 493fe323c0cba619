/**
 * How a plan's steps are worded, in one place: the ops report and email (`planActions`) and the
 * console's plan page (`planItems`) say "Void the EUR 80.00 authorisation on payment pay_3" with
 * the same words, so what a reviewer reads in the email is what they approve on the page.
 * Reservations are named by `name` (the ops report and the console add the confirmation number).
 */
import { formatMoney, plural } from '../model/index.ts';

interface Money {
  readonly paymentId: string;
  readonly amount: string;
  readonly currency: string;
}

/** One step of a plan, as much of it as the words need. */
export type PlanStep =
  | { readonly kind: 'keep'; readonly reservationId: string }
  | { readonly kind: 'cancel'; readonly reservationId: string }
  | ({ readonly kind: 'refund' } & Money)
  | ({ readonly kind: 'void' } & Money)
  | ({
      readonly kind: 'transfer';
      readonly fromReservationId: string;
      readonly toReservationId: string;
    } & Money)
  | { readonly kind: 'release'; readonly nights: number; readonly reservationId?: string }
  | { readonly kind: 'notify'; readonly guestEmail: string };

/** A reservation as the reader knows it: its id, and its confirmation number when there is one. */
export function reservationName(
  members: readonly { readonly reservationId: string; readonly confirmationNumber?: string | null }[],
): (reservationId: string) => string {
  return (id) => {
    const c = members.find((m) => m.reservationId === id)?.confirmationNumber;
    return c ? `${id} (${c})` : id;
  };
}

export function wordStep(step: PlanStep, name: (reservationId: string) => string = (id) => id): string {
  switch (step.kind) {
    case 'keep':
      return `Keep ${name(step.reservationId)}`;
    case 'cancel':
      return `Cancel ${name(step.reservationId)} as a duplicate`;
    case 'refund':
      return `Refund ${formatMoney(step.amount, step.currency)} on payment ${step.paymentId}`;
    case 'void':
      return `Void the ${formatMoney(step.amount, step.currency)} authorisation on payment ${step.paymentId}`;
    case 'transfer':
      return `Move ${formatMoney(step.amount, step.currency)} of payment ${step.paymentId} from ${name(step.fromReservationId)} to ${name(step.toReservationId)}`;
    case 'release':
      return `Release ${plural(step.nights, 'room night')}${step.reservationId ? ` of ${name(step.reservationId)}` : ''}`;
    case 'notify':
      return `Email the guest at ${step.guestEmail} to say which booking stays`;
    default:
      throw new Error(`unknown plan step ${JSON.stringify(step satisfies never)}`);
  }
}
