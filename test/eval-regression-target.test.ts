import { describe, expect, it } from 'vitest';
import { regressionTarget } from '../scripts/eval/release-regression.ts';
import type { Regression } from '../src/model/index.ts';

const expected = [{ client: 'ios-app', release: 'ios-app@3.4.0', firstNight: '2026-10-15' }];

function found(client: string, release: string | null, night: string): Regression {
  const span = { from: `${night}T00:00:00.000Z`, to: `${night}T23:59:59.999Z` };
  return {
    client,
    release,
    firstNight: span,
    lastNight: span,
    nights: 1,
    lastGoodRelease: '3.2.1',
    copies: 30,
    bookings: 300,
    ratePerThousand: 100,
    baselinePerThousand: 20,
    baseline: { nights: 14, copies: 80, bookings: 4000 },
    byCause: { NO_KEY: 30 },
    atStake: [],
    exampleSetIds: [],
  };
}

describe("the evaluation's release-regression target", () => {
  it('passes when the regression is found on its night, naming its release, and nothing else is flagged', () => {
    const t = regressionTarget([found('ios-app', '3.4.0', '2026-10-15')], expected);
    expect(t.pass).toBe(true);
    expect(t.detail).toBe('ios-app@3.4.0 from 2026-10-15');
  });

  it('fails when it is found a night late, under another release, or not at all', () => {
    for (const r of [
      [found('ios-app', '3.4.0', '2026-10-16')],
      [found('ios-app', '3.2.1', '2026-10-15')],
      [],
    ]) {
      const t = regressionTarget(r, expected);
      expect(t.pass).toBe(false);
      expect(t.detail).toContain('missed ios-app@3.4.0 from 2026-10-15');
    }
  });

  it('fails when a steady client is flagged beside it, naming that client', () => {
    const t = regressionTarget(
      [found('ios-app', '3.4.0', '2026-10-15'), found('web', '2026.11.2', '2026-10-09')],
      expected,
    );
    expect(t.pass).toBe(false);
    expect(t.detail).toBe('flagged web@2026.11.2 from 2026-10-09');
  });

  it('fails on a history with no regressing release rather than passing on nothing', () => {
    expect(regressionTarget([], []).pass).toBe(false);
  });
});
