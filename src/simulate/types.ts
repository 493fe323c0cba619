/** The simulator's contract: what `simulate` takes and what it reports. */
import type { Cause } from './dup-causes.ts';
import type { DuplicateVariant, Realities, ResolvedRealities } from './realities.ts';
import type { ReleaseRegression } from './release-regression.ts';
import type { Defect, LookAlikeKind, PaymentKind } from './truth.ts';

export type {
  Cause,
  Defect,
  DuplicateVariant,
  LookAlikeKind,
  PaymentKind,
  Realities,
  ReleaseRegression,
  ResolvedRealities,
};

export interface SimulateOptions {
  /** PostgreSQL URL of an empty database; the reference schema and the labels are created in it. */
  readonly targetUrl: string;
  /** Same seed, same options: byte-identical tables. */
  readonly seed: number;
  /** Rows to write into "Reservation" (duplicates and look-alikes included). */
  readonly reservations: number;
  /** Start of the history, ISO-8601 instant (inclusive). */
  readonly from: string;
  /** End of the history, ISO-8601 instant (exclusive); the tables show the state at this moment. */
  readonly to: string;
  /** Relative weights of the root causes among duplicate sets; default the runbook's 60/25/10/5. */
  readonly mix?: Readonly<Record<Cause, number>>;
  /** Share of intended bookings that get unintended copies; default 0.02. */
  readonly duplicateRate?: number;
  /** What real traffic adds to the clean cases, each a share (0 switches it off); see realities.ts. */
  readonly realities?: Realities;
  /**
   * A client's new release that, from a given night on, replaces the client's releases and
   * re-sends a share (realities.releaseRegressions) of its bookings without an Idempotency-Key;
   * see release-regression.ts. Without it the history has no such release.
   */
  readonly regression?: ReleaseRegression;
  /** Called now and then with a table and the rows written to it so far. */
  readonly onProgress?: (table: string, rows: number) => void;
}

export interface CurrencyMoney {
  readonly currency: string;
  /** Sum of Payment.amount written, exact decimal. */
  readonly amount: string;
  /** Sum of Payment."refundedAmount" written, exact decimal. */
  readonly refunded: string;
}

export interface SimulationSummary {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  /** Rows written per booking table. */
  readonly rows: Readonly<Record<string, number>>;
  readonly duplicateSets: Readonly<Record<Cause, number>>;
  /** Duplicate sets per variant (clean, or the one reality of real traffic each shows). */
  readonly duplicateVariants: Readonly<Record<DuplicateVariant, number>>;
  readonly lookAlikeGroups: Readonly<Record<LookAlikeKind, number>>;
  /** One-name checkouts (ONE_NAME_KEYED and ONE_NAME_KEYLESS) by how they were paid. */
  readonly oneNameCheckouts: {
    readonly cart: number;
    readonly perRoom: number;
    /** Keyless with one charge per room: no log tells them from a re-sent request. */
    readonly indistinguishable: number;
  };
  /** The shares the history was made with, defaults filled in. */
  readonly realities: ResolvedRealities;
  /** The release that regressed, as simulation.release_regressions records it; null without the option. */
  readonly releaseRegression: {
    readonly client: string;
    readonly release: string;
    readonly replaces: readonly string[];
    readonly firstNight: string;
    readonly share: number;
    /** Duplicate sets its re-sends made (variant release-regression). */
    readonly sets: number;
  } | null;
  /** Rows written with one defect each (listed in simulation.malformed), per defect. */
  readonly malformed: Readonly<Record<Defect, number>>;
  /** Money written per currency, computed by the generator (checks the load is exact). */
  readonly payments: readonly CurrencyMoney[];
  /** The gateway-log retention gap: api_logs has no rows in [from, to). */
  readonly logGap: { readonly from: string; readonly to: string };
  readonly seconds: number;
  /** Where the seconds went: generating while loading, building constraints and indexes, writing labels. */
  readonly phases: {
    readonly generateAndLoad: number;
    readonly constraintsAndIndexes: number;
    readonly labels: number;
  };
}

/** The runbook's frequencies (runbook-duplicate-reservation.md). */
export const RUNBOOK_MIX: Readonly<Record<Cause, number>> = {
  NO_KEY: 60,
  TIMEOUT_RETRY: 25,
  MISSING_DEDUP: 10,
  RACE: 5,
};
