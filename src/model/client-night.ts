/**
 * A client's night: how many bookings a client (with its release) made in one night and how many
 * duplicate copies it left, by cause and with the money at stake. The state store keeps them, so a
 * client's baseline and the engineering ranking reach back further than the warehouse does.
 */
import type { CurrencyTotal } from './money.ts';
import type { RootCause } from './types.ts';

export interface ClientNight {
  /**
   * The night's span, ISO-8601 UTC: a nightly run's window, or one UTC day of a longer window.
   * A later night overlapping a stored one replaces it (a re-run is the truth for its span).
   */
  readonly from: string;
  readonly to: string;
  /** The client id as the gateway log names it, release included (`ios-app@3.4.0`); `(none)` without one. */
  readonly clientId: string;
  /** Reservations created in the night through this client's requests. */
  readonly bookings: number;
  /** Copies created in the night by this client: every member of a DUPLICATE set but its first-created. */
  readonly copies: number;
  /** The copies per root cause. */
  readonly byCause: Readonly<Partial<Record<RootCause, number>>>;
  /** What the copies' plans refund or void, per currency. */
  readonly atStake: readonly CurrencyTotal[];
  /** A few of the sets the copies belong to, for links. */
  readonly exampleSetIds: readonly string[];
}

/** The client without its release, and the release: `ios-app@3.4.0` is `ios-app` at `3.4.0`. */
export function clientRelease(clientId: string): {
  readonly client: string;
  readonly release: string | null;
} {
  const at = clientId.lastIndexOf('@');
  // An `@` that opens the id (or ends it) is part of a name, not a release separator.
  if (at <= 0 || at === clientId.length - 1) return { client: clientId, release: null };
  return { client: clientId.slice(0, at), release: clientId.slice(at + 1) };
}
