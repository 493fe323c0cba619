import { describe, expect, it } from 'vitest';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import type { PlanWithStatus } from '../model/index.ts';
import { planSet } from '../reconcile/index.ts';
import { clientNightsOf } from './client-nights-of.ts';

const night1 = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' };
const night2 = { from: '2026-10-02T00:00:00.000Z', to: '2026-10-03T00:00:00.000Z' };

describe('clientNightsOf', () => {
  it("counts each copy in the night it was created, under the copy's own client, with its cause and the money its plan moves on it", () => {
    // The original by 3.4.0 the day before, two copies by 3.5.0, one of them on the next night.
    const race = makeSet(
      [
        makeMember('a0', '2026-09-30T23:59:00.000000Z', [{}], { clientId: 'ios-app@3.4.0' }),
        makeMember('a1', '2026-10-01T00:00:30.000000Z', [{ amount: '240.00' }], {
          clientId: 'ios-app@3.5.0',
        }),
        makeMember('a2', '2026-10-02T08:00:00.000000Z', [{ status: 'AUTHORIZED' }], {
          clientId: 'ios-app@3.5.0',
        }),
      ],
      { rootCause: 'RACE' },
    );
    const yen = makeSet([
      makeMember('b0', '2026-10-01T10:00:00.000000Z', [{}], {
        clientId: null,
        currency: 'JPY',
        rateAmount: '24000.00',
      }),
      makeMember('b1', '2026-10-01T10:00:02.000000Z', [{ amount: '24000.00' }], {
        clientId: null,
        currency: 'JPY',
        rateAmount: '24000.00',
      }),
    ]);
    const legit = makeSet(
      [makeMember('c0', '2026-10-01T11:00:00.000000Z'), makeMember('c1', '2026-10-01T11:00:01.000000Z')],
      { verdict: 'LEGITIMATE', rootCause: null },
    );
    const plans: PlanWithStatus[] = [race, yen].map((s) => ({
      plan: planSet(s, OPTIONS),
      status: 'PROPOSED',
    }));
    expect(plans[1]!.plan.keepReservationId).toBe('b1');
    const nights = clientNightsOf({
      spans: [night1, night2],
      bookings: [
        { ...night1, clientId: 'ios-app@3.5.0', bookings: 400 },
        { ...night1, clientId: 'web@1', bookings: 90 },
        { ...night2, clientId: 'ios-app@3.5.0', bookings: 380 },
      ],
      sets: [race, yen, legit],
      plans,
    });
    expect(nights).toEqual([
      {
        ...night1,
        clientId: '(none)',
        bookings: 0,
        copies: 1,
        byCause: { NO_KEY: 1 },
        // The keep rule keeps the paid copy and cancels the original: refunding the original's
        // charge is the copy's doing.
        atStake: [{ currency: 'JPY', amount: '240.00', count: 1 }],
        exampleSetIds: [yen.setId],
      },
      {
        ...night1,
        clientId: 'ios-app@3.5.0',
        bookings: 400,
        copies: 1,
        byCause: { RACE: 1 },
        atStake: [{ currency: 'EUR', amount: '240.00', count: 1 }],
        exampleSetIds: [race.setId],
      },
      { ...night1, clientId: 'web@1', bookings: 90, copies: 0, byCause: {}, atStake: [], exampleSetIds: [] },
      {
        ...night2,
        clientId: 'ios-app@3.5.0',
        bookings: 380,
        copies: 1,
        byCause: { RACE: 1 },
        // The copy's authorisation is voided: its hold is at stake too.
        atStake: [{ currency: 'EUR', amount: '240.00', count: 1 }],
        exampleSetIds: [race.setId],
      },
    ]);
  });

  it('counts no money for a plan that moves none any more, and leaves out copies made outside every span', () => {
    const set = makeSet([
      makeMember('d0', '2026-10-01T09:00:00.000000Z', [{}]),
      makeMember('d1', '2026-10-01T09:00:05.000000Z', [{}]),
      makeMember('d2', '2026-10-04T09:00:05.000000Z', [{}]),
    ]);
    const nights = clientNightsOf({
      spans: [night1],
      bookings: [],
      sets: [set],
      plans: [{ plan: planSet(set, OPTIONS), status: 'REJECTED' }],
    });
    expect(nights).toEqual([
      {
        ...night1,
        clientId: 'ios-app@3.2.1',
        bookings: 0,
        copies: 1,
        byCause: { NO_KEY: 1 },
        atStake: [],
        exampleSetIds: [set.setId],
      },
    ]);
  });
});
