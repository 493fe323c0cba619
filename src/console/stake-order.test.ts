import { describe, expect, it } from 'vitest';
import { type Staked, stakeOrder } from './stake-order.ts';

const plan = (planId: string, ...stakes: [string, bigint][]): Staked => ({
  planId,
  stakes: stakes.map(([currency, minor]) => ({ currency, minor })),
});

describe('money at stake first', () => {
  it('puts every currency’s largest plan first, then every currency’s second largest, never comparing currencies', () => {
    const rows = [
      plan('aud-small', ['AUD', 10_00n]),
      plan('aud-big', ['AUD', 90_000_00n]),
      plan('aud-mid', ['AUD', 5_000_00n]),
      plan('eur-big', ['EUR', 700_00n]),
      plan('eur-small', ['EUR', 20_00n]),
      plan('jpy-only', ['JPY', 38_400n]),
    ];
    expect(stakeOrder(rows).map((r) => r.planId)).toEqual([
      'aud-big',
      'eur-big',
      'jpy-only',
      'aud-mid',
      'eur-small',
      'aud-small',
    ]);
  });

  it('orders equal amounts by plan id, ranks a plan in several currencies by its best rank, and puts plans that move no money last', () => {
    const rows = [
      plan('none-b'),
      plan('usd-b', ['USD', 100n]),
      plan('usd-a', ['USD', 100n]),
      plan('none-a'),
      plan('both', ['USD', 50n], ['GBP', 999n]),
    ];
    expect(stakeOrder(rows).map((r) => r.planId)).toEqual(['both', 'usd-a', 'usd-b', 'none-a', 'none-b']);
  });
});
