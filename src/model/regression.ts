/**
 * A release regression: a client whose copies per thousand bookings rose far above its own
 * baseline (the nights before), with enough copies to matter and too many to be chance. Named by
 * the client and the release behind most of its copies, from the first night it appeared; what
 * report.json `regressions`, the engineering report and the alert to engineering say.
 */
import type { CurrencyTotal } from './money.ts';
import type { RootCause } from './types.ts';

export interface NightSpan {
  readonly from: string;
  readonly to: string;
}

export interface Regression {
  /** The client without its release (`ios-app`). */
  readonly client: string;
  /** The release behind most of the regression's copies (`3.5.0`); null when the ids carry none. */
  readonly release: string | null;
  /** The first night of the regressing nights in a row. */
  readonly firstNight: NightSpan;
  /** The latest of them. */
  readonly lastNight: NightSpan;
  /** How many nights in a row it has lasted. */
  readonly nights: number;
  /**
   * The release with most of the client's bookings on its last night that did not regress (null
   * when none is known): when it differs from `release`, the new release is the one to look at;
   * when the same, the release is unchanged and the cause lies elsewhere (a gateway, a backend).
   */
  readonly lastGoodRelease: string | null;
  /** Copies and bookings of the client over the regressing nights. */
  readonly copies: number;
  readonly bookings: number;
  /** Copies per thousand bookings over the regressing nights, and in the baseline before them (perThousand). */
  readonly ratePerThousand: number;
  readonly baselinePerThousand: number;
  /** The baseline the first night was judged against: its nights, copies and bookings. */
  readonly baseline: { readonly nights: number; readonly copies: number; readonly bookings: number };
  readonly byCause: Readonly<Partial<Record<RootCause, number>>>;
  /** What the copies' plans refund or void, per currency. */
  readonly atStake: readonly CurrencyTotal[];
  /** A few of the sets the copies belong to. */
  readonly exampleSetIds: readonly string[];
}
