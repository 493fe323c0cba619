/**
 * The Wilson score interval of a proportion: where the true rate of `successes` in `trials` lies
 * with the given confidence. Chosen over the plain p ± z·se because it stays inside 0–1 and is
 * honest for the small counts a rule gets in a month (8 of 10 is 0.49–0.94 at 95 %, not
 * 0.55–1.05). Null for no trials: nothing was measured.
 */

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export function wilsonInterval(
  successes: number,
  trials: number,
  z = Z_95,
): { readonly low: number; readonly high: number } | null {
  if (trials <= 0) return null;
  if (successes < 0 || successes > trials) throw new RangeError(`${successes} successes of ${trials} trials`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At the edges the interval touches 0 or 1 exactly; in floating point centre ± margin misses by
  // an ulp (10 of 10 gives 0.9999999999999999), which would flag a rule nobody ever rejected
  // under a minPrecision of 1.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - margin),
    high: successes === trials ? 1 : Math.min(1, centre + margin),
  };
}
