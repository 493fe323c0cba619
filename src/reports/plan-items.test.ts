import { describe, expect, it } from 'vitest';
import { sampleHistory, samplePlans, sampleReport, sampleSets } from '../../test/support/sample-run.ts';
import { renderReports, wordStep } from './index.ts';
import { planItems } from './plan-items.ts';

describe("a plan's items, as the console and plans show word them", () => {
  it('word every void, move, refund, cancel and notice as the ops report does, with the same money text', () => {
    const sets = sampleSets();
    // Every plan awaiting approval, so the ops report words each of them.
    const plans = samplePlans(sets, () => 'PROPOSED');
    const ops = renderReports(sampleReport(sets, plans), sampleHistory(), { consoleUrl: null }).ops.text;
    const proposed = sets.filter((s) => plans.has(s.setId));
    const kinds = new Set<string>();
    for (const set of proposed) {
      const { plan } = plans.get(set.setId)!;
      const released = new Set(plan.releases.map((r) => r.itemId));
      for (const item of planItems(plan, set.members)) {
        // Releases: the report states the plan's total room-nights, the page one line per copy.
        if (released.has(item.itemId)) continue;
        expect(ops).toContain(item.text);
      }
      if (plan.voids.length) kinds.add('void');
      if (plan.transfers.length) kinds.add('transfer');
      if (plan.refunds.length) kinds.add('refund');
    }
    expect([...kinds].sort()).toEqual(['refund', 'transfer', 'void']);
  });

  it('say what each step does in words a reviewer reads, money in its currency\u2019s own decimals', () => {
    const name = (id: string) => `${id} (CONF-${id})`;
    expect(wordStep({ kind: 'void', paymentId: 'p1', amount: '80', currency: 'EUR' })).toBe(
      'Void the EUR 80.00 authorisation on payment p1',
    );
    expect(
      wordStep(
        {
          kind: 'transfer',
          paymentId: 'p2',
          amount: '38400.00',
          currency: 'JPY',
          fromReservationId: 'a',
          toReservationId: 'b',
        },
        name,
      ),
    ).toBe('Move JPY 38,400 of payment p2 from a (CONF-a) to b (CONF-b)');
    expect(wordStep({ kind: 'release', nights: 1, reservationId: 'a' }, name)).toBe(
      'Release 1 room night of a (CONF-a)',
    );
    expect(wordStep({ kind: 'release', nights: 3 })).toBe('Release 3 room nights');
    expect(wordStep({ kind: 'notify', guestEmail: 'g@example.org' })).toBe(
      'Email the guest at g@example.org to say which booking stays',
    );
  });
});
