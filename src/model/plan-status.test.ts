import { describe, expect, it } from 'vitest';
import { isOutstanding, outstanding } from './plan-status.ts';

const line = (paymentId: string, done?: true) => ({
  paymentId,
  amount: '10.00',
  currency: 'EUR',
  ...(done ? { done } : {}),
});
const plan = { refunds: [line('p1', true), line('p2')], voids: [line('p3')], transfers: [] };

describe('what is still to carry out', () => {
  it('leaves out the lines the executor recorded done, for a plan carried out part-way', () => {
    expect(outstanding(plan, 'FAILED')).toEqual({
      refunds: [line('p2')],
      voids: [line('p3')],
      transfers: [],
    });
  });

  it('is nothing for a plan that is executed, rejected, superseded or stale', () => {
    for (const s of ['EXECUTED', 'REJECTED', 'SUPERSEDED', 'STALE'] as const) {
      expect(isOutstanding(s)).toBe(false);
      expect(outstanding(plan, s)).toEqual({ refunds: [], voids: [], transfers: [] });
    }
  });
});
