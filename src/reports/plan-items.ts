/**
 * A plan's items as one line each, with the id the executor records its outcome under, worded
 * by the reports' `wordStep` so the page says what the ops email says.
 */
import type { Plan, SetMember } from '../model/index.ts';
import { reservationName, wordStep } from './plan-wording.ts';

export function planItems(
  plan: Plan,
  members: readonly SetMember[] = [],
): { itemId: string; text: string }[] {
  const name = reservationName(members);
  const item = (itemId: string, step: Parameters<typeof wordStep>[0]) => ({
    itemId,
    text: wordStep(step, name),
  });
  return [
    ...plan.cancel.map((c) => item(c.itemId, { kind: 'cancel', reservationId: c.reservationId })),
    ...plan.refunds.map((r) => item(r.itemId, { kind: 'refund', ...r })),
    ...plan.voids.map((v) => item(v.itemId, { kind: 'void', ...v })),
    ...plan.transfers.map((t) => item(t.itemId, { kind: 'transfer', ...t })),
    ...plan.releases.map((r) =>
      item(r.itemId, { kind: 'release', nights: r.nights, reservationId: r.reservationId }),
    ),
    item(plan.notify.itemId, { kind: 'notify', guestEmail: plan.notify.guestEmail }),
  ];
}
