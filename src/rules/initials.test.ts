import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPayment, at, booked } from '../../test/support/booking-builder.ts';
import { OPTIONS } from '../../test/support/make-set.ts';
import type { LabelledSet } from '../model/index.ts';
import { planSet } from '../reconcile/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { runRules } from './run-rules.ts';

const HOUR = 3_600_000;
const window = { from: at(-24 * HOUR), to: at(24 * HOUR) };

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
});
afterEach(() => wh.close());

async function sets(): Promise<LabelledSet[]> {
  return [...(await runRules({ warehouse: wh, window })).sets];
}
const ofKind = (s: LabelledSet, kind: string): string[] =>
  s.evidence.filter((e) => e.kind === kind).map((e) => e.detail);

/** A booking and its payment of the whole stay, `ms` after T0. */
async function paid(ms: number, spec: Parameters<typeof booked>[2]): Promise<string> {
  const { reservationId } = await booked(wh, ms, spec);
  await addPayment(wh, { reservationId, createdAt: at(ms + 400) });
  return reservationId;
}

describe('names that only an initial separates', () => {
  it('calls a copy written "J. DUBOIS" beside "Jan Dubois" a doubted DUPLICATE, never rooms booked on purpose', async () => {
    const jan = await paid(0, { name: 'Jan Dubois', correlationId: 'c-1' });
    const copy = await paid(1_400, { name: 'J. DUBOIS', correlationId: 'c-2' });
    const all = await sets();
    expect(all).toHaveLength(1);
    const set = all[0]!;
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY', reservationIds: [jan, copy] });
    expect(set.doubt).toBe(
      'the names alone cannot tell one guest from two: only an initial separates "J. DUBOIS" from "Jan Dubois"',
    );
    expect(ofKind(set, 'initials')).toEqual([
      'only an initial separates "J. DUBOIS" from "Jan Dubois": one guest written two ways, or two guests; a person should check with the guest or property before anything is cancelled or refunded',
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.cancel.map((c) => c.reservationId)).toEqual([copy]);
    expect(plan.flags.map((f) => f.code)).toContain('DOUBT');
    expect(plan.bulkApprovable).toBe(false);
  });

  it.each(['Dubois J', 'DUBOIS/J', 'Dubois, J.', 'DUBOIS'])(
    'doubts a copy written %j beside "Jan Dubois" the same way',
    async (written) => {
      await paid(0, { name: 'Jan Dubois' });
      await paid(2 * HOUR, { name: written, key: 'cm-1', clientId: 'channel-manager@2' });
      const [set, ...rest] = await sets();
      expect(rest).toEqual([]);
      expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'MISSING_DEDUP' });
      expect(set!.doubt).toContain(`"${written}"`);
      expect(ofKind(set!, 'initials')[0]).toContain('check with the guest or property');
    },
  );

  it('keeps "Jan Dubois" and "Julie Dubois" two guests, with no doubt', async () => {
    await paid(0, { name: 'Jan Dubois' });
    await paid(1_400, { name: 'Julie Dubois' });
    const [set, ...rest] = await sets();
    expect(rest).toEqual([]);
    expect(set).toMatchObject({ verdict: 'LEGITIMATE' });
    expect(set!.doubt ?? null).toBeNull();
  });

  it('puts an initial that fits two guests with the one booked nearest in time, doubted, and leaves the other guest alone', async () => {
    const jan = await paid(0, { name: 'Jan Dubois', correlationId: 'c-1' });
    const julie = await paid(HOUR, { name: 'Julie Dubois', correlationId: 'c-2' });
    const copy = await paid(HOUR + 1_400, { name: 'J. Dubois', correlationId: 'c-3' });
    const all = await sets();
    const dup = all.find((s) => s.verdict === 'DUPLICATE')!;
    const legit = all.find((s) => s.verdict === 'LEGITIMATE')!;
    expect(all).toHaveLength(2);
    expect(dup.reservationIds).toEqual([julie, copy]);
    expect(dup.doubt).toContain('it fits "Jan Dubois" and "Julie Dubois" alike');
    expect(planSet(dup, OPTIONS).bulkApprovable).toBe(false);
    expect(legit.reservationIds).toEqual([jan, julie]);
  });

  it('keeps both texts when the rule has its own doubt too', async () => {
    // Keyless, back to back in one session: a library retry or a cart, and only an initial apart.
    await paid(0, { name: 'Jan Dubois', correlationId: 'sess-1' });
    await paid(900, { name: 'Dubois J', correlationId: 'sess-1' });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY' });
    expect(set!.doubt).toMatch(
      /^the 2 keyless requests came back to back in one session .*; also, the names alone cannot tell one guest from two: only an initial separates "Dubois J" from "Jan Dubois"$/,
    );
    expect(ofKind(set!, 'doubt')).toHaveLength(1);
    expect(ofKind(set!, 'initials')).toHaveLength(1);
  });
});
