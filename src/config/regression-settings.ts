/**
 * The release-regression settings (reconcile.regression) and their defaults, in one place: the
 * schema checks a file's values against them and resolve fills them in.
 */

export interface RegressionSettings {
  /** Days of stored nights before a night that make the client's baseline. */
  readonly baselineNights: number;
  /** How many times the baseline's copies per 1000 bookings a night must reach. */
  readonly ratio: number;
  /** Fewest copies in a night (or a watch pass) for it to count. */
  readonly minCopies: number;
  /** Fewest nights with bookings in the baseline before a client is judged at all. */
  readonly minBaselineNights: number;
}

/**
 * Two weeks of nights hold both weekdays twice; three times the usual rate with five copies at
 * least is what a release that stopped sending keys does (tens per thousand where a client made
 * two), not a busy night; three nights of baseline before a new client is judged at all.
 */
export const REGRESSION_DEFAULTS: RegressionSettings = Object.freeze({
  baselineNights: 14,
  ratio: 3,
  minCopies: 5,
  minBaselineNights: 3,
});
