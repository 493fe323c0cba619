/**
 * The remediation plan for one DUPLICATE set (docs/contracts.md section 3): keep one
 * reservation, cancel the copies, give back or move their money, release their room-nights and
 * tell the guest once. Pure: no I/O, no clock. Anything the planner cannot reason about becomes
 * a flag on the plan, which then needs a human; it never guesses and never throws on payments.
 * Money follows what support left: a payment refunded in full or voided before the run plans
 * nothing, a part-refunded one gives back what is left, each in the payment's own currency
 * (the card's, under dynamic currency conversion), and the kept booking's payments are never
 * touched.
 */
import { DataError } from '../errors/index.ts';
import {
  type CancelItem,
  chooseKeep,
  formatMoney,
  type LabelledSet,
  type Plan,
  type PlanFlag,
  type ReleaseItem,
  type SetMember,
  setContentHash,
} from '../model/index.ts';
import { checkPayment } from './check-payment.ts';
import { escalationFlags } from './escalation-flags.ts';
import { itemIdFor, planIdFor } from './item-id.ts';
import { type CheckedMember, moneyActions } from './money-actions.ts';
import { nightsBetween } from './nights.ts';
import type { PlanOptions } from './plan-options.ts';

function byCreation(a: SetMember, b: SetMember): number {
  const d = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (d !== 0 && !Number.isNaN(d)) return d;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.reservationId < b.reservationId ? -1 : 1;
}

/** The member as the keep rule should see it: only payments the planner can read. */
function readable(c: CheckedMember): SetMember {
  const ok = new Set(c.payments.filter((p) => p.check.ok).map((p) => p.paymentId));
  return { ...c.member, payments: c.member.payments.filter((p) => ok.has(p.paymentId)) };
}

/** Whether any payment of the member still holds captured money, in whatever currency. */
function holdsMoney(c: CheckedMember): boolean {
  return c.payments.some(({ check }) => check.ok && check.state === 'HELD' && check.held > 0n);
}

/** What the member's payments in `currency` still hold (minor units of that currency). */
function heldIn(c: CheckedMember, currency: string | null): bigint {
  return c.payments.reduce(
    (acc, { check }) =>
      check.ok && check.state === 'HELD' && check.currency === currency ? acc + check.held : acc,
    0n,
  );
}

/**
 * The copy whose money should follow the guest: the rule's choice when it holds money in the kept
 * booking's currency, else the copy holding the most in it. Only such payments can move; a
 * payment in another currency (the card's) is refunded instead.
 */
function payingCopy(
  ruleKeep: CheckedMember,
  copies: readonly CheckedMember[],
  currency: string | null,
): string | null {
  const paying = copies.filter((c) => heldIn(c, currency) > 0n);
  if (paying.includes(ruleKeep)) return ruleKeep.member.reservationId;
  const best = paying.reduce<CheckedMember | null>(
    (b, c) => (b === null || heldIn(c, currency) > heldIn(b, currency) ? c : b),
    null,
  );
  return best?.member.reservationId ?? null;
}

export function planSet(set: LabelledSet, options: PlanOptions): Plan {
  if (set.verdict !== 'DUPLICATE') {
    throw new DataError(`set ${set.setId} is ${set.verdict}: only a DUPLICATE set gets a plan`, {
      row: set.setId,
    });
  }
  if (set.members.length === 0) throw new DataError(`set ${set.setId} has no members`, { row: set.setId });
  const flags: PlanFlag[] = [];
  const checked: CheckedMember[] = [...set.members].sort(byCreation).map((member) => ({
    member,
    payments: member.payments.map((p) => ({ paymentId: p.paymentId, check: checkPayment(p, member) })),
  }));
  for (const c of checked)
    for (const { check } of c.payments)
      if (!check.ok) flags.push({ code: 'UNHANDLED_PAYMENT', detail: check.reason });

  const byId = new Map(checked.map((c) => [c.member.reservationId, c]));
  const ruleKeep = byId.get(chooseKeep(checked.map(readable)).reservationId)!;
  // A payment in the card's currency is weighed against its own booking's price, so members priced
  // in one currency compare whatever their cards were charged in. Bookings priced in different
  // currencies that both hold money cannot be compared: a person chooses.
  const pricedIn = new Set(checked.filter(holdsMoney).map((c) => c.member.currency));
  if (pricedIn.size > 1) {
    flags.push({
      code: 'UNHANDLED_PAYMENT',
      detail: `members priced in different currencies (${[...pricedIn].sort().join(', ')}) hold money: what they hold cannot be compared to choose the booking to keep`,
    });
  }

  let override: string | null = null;
  if (
    options.keepReservationId !== undefined &&
    options.keepReservationId !== ruleKeep.member.reservationId
  ) {
    if (!byId.has(options.keepReservationId)) {
      throw new DataError(`reservation ${options.keepReservationId} is not a member of set ${set.setId}`, {
        field: 'keepReservationId',
      });
    }
    override = options.keepReservationId;
  }
  const kept = override ? byId.get(override)! : ruleKeep;
  const keptId = kept.member.reservationId;
  const copies = checked.filter((c) => c !== kept);
  const planId = planIdFor(set.setId, setContentHash(set), override);

  // The approver kept an unpaid booking while a copy holds the guest's money: move it, rather
  // than refunding it and charging the guest again.
  const transferFrom =
    override && !holdsMoney(kept) ? payingCopy(ruleKeep, copies, kept.member.currency) : null;
  const money = moneyActions(planId, kept.member, copies, transferFrom);
  flags.push(...money.flags);
  if (override) {
    const moved = money.transfers.map(
      (t) => `${t.paymentId} (${formatMoney(t.amount, t.currency)}) from ${t.fromReservationId}`,
    );
    flags.push({
      code: 'KEEP_OVERRIDDEN',
      detail:
        `kept ${keptId} by the approver's choice instead of ${ruleKeep.member.reservationId}` +
        (moved.length > 0 ? `; payments transferred to it: ${moved.join(', ')}` : ''),
    });
  }

  const cancel: CancelItem[] = copies.map(({ member: m }) => ({
    itemId: itemIdFor(planId, 'cancel', m.reservationId),
    reservationId: m.reservationId,
    reason: 'DUPLICATE',
    primaryReservationId: keptId,
  }));
  const releases: ReleaseItem[] = copies.map(({ member: m }) => ({
    itemId: itemIdFor(planId, 'release', m.reservationId),
    reservationId: m.reservationId,
    propertyId: m.propertyId,
    roomTypeId: m.roomTypeId,
    checkIn: m.checkIn,
    checkOut: m.checkOut,
    nights: nightsBetween(m.checkIn, m.checkOut),
  }));
  const cancelledIds = copies.map((c) => c.member.reservationId);
  const guestEmail = kept.member.guestEmail;
  flags.push(...escalationFlags(set, money.refunds, options));

  return {
    planId,
    setId: set.setId,
    keepReservationId: keptId,
    cancel,
    refunds: money.refunds,
    voids: money.voids,
    transfers: money.transfers,
    releases,
    releasedRoomNights: releases.reduce((n, r) => n + r.nights, 0),
    notify: {
      itemId: itemIdFor(planId, 'notify', keptId, ...cancelledIds),
      guestEmail,
      keptReservationId: keptId,
      cancelledReservationIds: cancelledIds,
    },
    notifyGuest: guestEmail,
    flags,
    bulkApprovable: flags.length === 0,
  };
}
