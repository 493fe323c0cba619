/**
 * report.json `fixFirst`: the clients (release included) ranked by the duplicate copies they left
 * over the engineering trend's period, read from the clients' nights the state store keeps, each
 * with the cause behind most of its copies and the runbook's fix for it. Engineering ships a fix to
 * a release, so a row is one client id with its release; `client` and `release` let two releases of
 * one app be read together.
 */
import type { CurrencyTotal } from './money.ts';
import type { RootCause } from './types.ts';

export interface FixFirstRow {
  /** The client id as the gateway log names it, release included (`ios-app@3.4.0`). */
  readonly clientId: string;
  /** The client without its release, and the release (null when the id carries none). */
  readonly client: string;
  readonly release: string | null;
  /** Copies over the period: every member of a DUPLICATE set but its first-created. */
  readonly copies: number;
  /** Reservations the client created over the period. */
  readonly bookings: number;
  /**
   * Copies per 1,000 bookings, to one decimal (a rate, not money; perThousand); null when the
   * nights counted no booking of this client (its copies came through requests the nights did not
   * count).
   */
  readonly perThousand: number | null;
  /** What the copies' plans refund or void, per currency, never added across currencies. */
  readonly atStake: readonly CurrencyTotal[];
  /** The cause behind most of the copies (ties: the runbook's order of causes). */
  readonly cause: RootCause;
  /** Copies per cause, most first. */
  readonly causes: readonly { readonly cause: RootCause; readonly copies: number }[];
  /** The runbook's fix for `cause`. */
  readonly fix: { readonly title: string; readonly text: string };
  /** The first and the last night with copies: each night's span, ISO-8601 UTC. */
  readonly firstNight: { readonly from: string; readonly to: string };
  readonly lastNight: { readonly from: string; readonly to: string };
  /** A few sets the copies belong to, newest night first. */
  readonly exampleSetIds: readonly string[];
}

export interface FixFirst {
  /** The trend period the ranking covers, [from, to), ISO-8601 UTC. */
  readonly period: { readonly from: string; readonly to: string };
  /** Nights (distinct spans) the state store holds inside the period; 0 when none is recorded yet. */
  readonly nights: number;
  /**
   * The currency most of the money at stake is in (most payments, then code order): clients with
   * as many copies are ranked by their money in it. Null when nothing is at stake.
   */
  readonly mainCurrency: string | null;
  /**
   * Most copies first; then most money at stake in `mainCurrency` (amounts in different currencies
   * are never compared); then most payments at stake in any currency; then the client id.
   */
  readonly rows: readonly FixFirstRow[];
}
