import { describe, expect, it } from 'vitest';
import { totalsByCurrency } from './money.ts';
import { planMoney, plansMoney, plansMoneyByApproval } from './plan-money.ts';
import { PLAN_STATUSES } from './plan-status.ts';

const line = (itemId: string, amount: string, currency: string) => ({ itemId, amount, currency });
const plan = {
  refunds: [line('r1', '100.00', 'EUR'), line('r2', '20.50', 'EUR'), line('r3', '38400.00', 'JPY')],
  voids: [line('v1', '5.00', 'EUR')],
  transfers: [line('t1', '7.25', 'EUR')],
};

describe("a plan's money", () => {
  it('is every refund, void and transfer of a plan still to carry out, per currency, transfers included in what is at stake', () => {
    const money = planMoney({ plan, status: 'PROPOSED' });
    expect(money.refunds).toEqual([
      { currency: 'EUR', amount: '120.50', count: 2 },
      { currency: 'JPY', amount: '38400.00', count: 1 },
    ]);
    expect(money.voids).toEqual([{ currency: 'EUR', amount: '5.00', count: 1 }]);
    expect(money.transfers).toEqual([{ currency: 'EUR', amount: '7.25', count: 1 }]);
    expect(money.atStake).toEqual([
      { currency: 'EUR', amount: '132.75', count: 4 },
      { currency: 'JPY', amount: '38400.00', count: 1 },
    ]);
  });

  it('is nothing for a plan with nothing left to do, whatever lines it holds', () => {
    for (const status of ['REJECTED', 'SUPERSEDED', 'STALE', 'EXECUTED'] as const)
      expect(planMoney({ plan, status })).toEqual({ refunds: [], voids: [], transfers: [], atStake: [] });
  });

  it('leaves out what the executor recorded done, named by the store or marked on report.json lines', () => {
    const byStore = planMoney({ plan, status: 'FAILED', doneItemIds: ['r1', 'v1'] });
    expect(byStore.refunds).toEqual([
      { currency: 'EUR', amount: '20.50', count: 1 },
      { currency: 'JPY', amount: '38400.00', count: 1 },
    ]);
    expect(byStore.voids).toEqual([]);
    const marked = {
      ...plan,
      refunds: plan.refunds.map((l, i) => (i === 0 ? { ...l, done: true as const } : l)),
    };
    expect(planMoney({ plan: marked, status: 'EXECUTING' }).refunds).toEqual(byStore.refunds);
  });

  it("adds several plans' money exactly, counting only those still to carry out, as the report's totals do", () => {
    // One plan in every status: PROPOSED, APPROVED, EXECUTING and FAILED still move money.
    const all = PLAN_STATUSES.map((status) => ({ plan, status }));
    expect(plansMoney(all).refunds).toEqual([
      { currency: 'EUR', amount: '482.00', count: 8 },
      { currency: 'JPY', amount: '153600.00', count: 4 },
    ]);
  });

  it('splits what is still to move into approved and awaiting approval, the two adding up to the whole', () => {
    const eur = (amount: string) => ({ refunds: [line('r', amount, 'EUR')], voids: [], transfers: [] });
    const split = plansMoneyByApproval([
      { plan: eur('100.00'), status: 'PROPOSED', awaiting: 'APPROVAL' },
      { plan: eur('2000.00'), status: 'APPROVED', awaiting: 'SECOND_APPROVAL' },
      { plan: eur('30.00'), status: 'APPROVED', awaiting: null },
      { plan: eur('4.00'), status: 'EXECUTING', awaiting: null },
      { plan: eur('500.00'), status: 'REJECTED', awaiting: null },
    ]);
    expect(split.approved.refunds).toEqual([{ currency: 'EUR', amount: '34.00', count: 2 }]);
    expect(split.awaitingApproval.refunds).toEqual([{ currency: 'EUR', amount: '2100.00', count: 2 }]);

    // Every status, half of them waiting for a decision: the two parts add up to the whole.
    const all = PLAN_STATUSES.map((status, i) => ({
      plan,
      status,
      awaiting: i % 2 === 1 ? ('APPROVAL' as const) : null,
    }));
    const both = plansMoneyByApproval(all);
    const whole = plansMoney(all);
    for (const kind of ['refunds', 'voids', 'transfers'] as const) {
      const added = totalsByCurrency(
        // Each part's total as `count` lines, the first holding the amount: counts add up too.
        [...both.approved[kind], ...both.awaitingApproval[kind]].flatMap((t) =>
          Array.from({ length: t.count }, (_, i) => ({
            currency: t.currency,
            amount: i === 0 ? t.amount : '0.00',
          })),
        ),
      );
      expect(added).toEqual(whole[kind]);
    }
  });
});
