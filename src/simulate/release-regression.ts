/**
 * A release that regresses: from one night on, one client's new release (`ios-app@3.4.0`)
 * replaces the releases that client ran before, and its HTTP library re-sends a share of its
 * booking requests without an Idempotency-Key, after a dropped connection or a gateway's
 * timeout. Before that night the client runs its old releases with their usual habits, so its
 * rate of copies has a steady baseline the night can be judged against.
 *
 * The new release is a profile like any other in clients.ts: the habits of the client's main
 * release (its timeouts, its gateway, how often it sends a correlation id), except that it sends
 * no key at all and retries by library. Nothing here draws from the generator unless the option
 * is given, so a history without it is the one the simulator wrote before the option existed.
 */
import { ConfigError } from '../errors/index.ts';
import { clientRelease } from '../model/index.ts';
import { CLIENTS, type ClientProfile } from './clients.ts';
import type { Cause } from './dup-causes.ts';
import { REGRESSION_CAUSES } from './realities.ts';
import { DAY, dayNumber, isoDate, parseMicros } from './time.ts';

/** simulate's `regression` option. */
export interface ReleaseRegression {
  /** The new release, `client@version`; the client is one the simulator knows (`ios-app`, `web`, …). */
  readonly release: string;
  /** The first night the new release runs, a UTC date (`2026-10-15`); it must overlap the window. */
  readonly from: string;
}

export interface ResolvedRegression {
  /** The client without its release (`ios-app`). */
  readonly client: string;
  /** The new release's client id (`ios-app@3.4.0`). */
  readonly release: string;
  /** The client ids it replaces, the main one first (`ios-app@3.2.1`, `ios-app@3.1.4`). */
  readonly replaces: readonly string[];
  /** The first night, as a UTC date, and its start in microseconds since the epoch. */
  readonly firstNight: string;
  readonly fromMicros: number;
  /** Share of the new release's bookings re-sent without a key (realities.releaseRegressions). */
  readonly share: number;
  /** How the re-sends' causes are drawn: as the mix weighs NO_KEY and TIMEOUT_RETRY. */
  readonly causes: Readonly<Partial<Record<Cause, number>>>;
  readonly profile: ClientProfile;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function known(): string[] {
  return [...new Set(CLIENTS.map((c) => clientRelease(c.id).client))];
}

/** Checks the option against the window and the simulated clients, once, at the edge. */
export function resolveRegression(
  option: ReleaseRegression | undefined,
  window: { readonly from: number; readonly to: number },
  share: number,
  mix: Readonly<Record<Cause, number>>,
): ResolvedRegression | null {
  if (option === undefined) return null;
  const { client, release } = clientRelease(option.release);
  const replaced = CLIENTS.filter((c) => clientRelease(c.id).client === client);
  if (release === null || replaced.length === 0)
    throw new ConfigError(
      `--regress wants a new release of a simulated client, client@version (${known().join(', ')}), got "${option.release}"`,
      '--regress',
    );
  if (replaced.some((c) => c.id === option.release))
    throw new ConfigError(
      `--regress ${option.release} is a release the client already runs; name a new one (${client}@…)`,
      '--regress',
    );
  const fromMicros = DATE.test(option.from) ? parseMicros(`${option.from}T00:00:00Z`) : Number.NaN;
  // 2026-02-30 parses (as 2026-03-02): a date is one only if it reads back the same.
  if (Number.isNaN(fromMicros) || isoDate(dayNumber(fromMicros)) !== option.from)
    throw new ConfigError(
      `--regress-from wants a UTC date such as 2026-10-15, got "${option.from}"`,
      '--regress-from',
    );
  if (fromMicros >= window.to || fromMicros + DAY <= window.from)
    throw new ConfigError(
      `--regress-from ${option.from} is not a night of the window (${isoDate(dayNumber(window.from))} to ${isoDate(dayNumber(window.to - 1))})`,
      '--regress-from',
    );
  const main = [...replaced].sort((a, b) => b.share - a.share);
  const profile: ClientProfile = {
    ...main[0]!,
    id: option.release,
    share: replaced.reduce((sum, c) => sum + c.share, 0),
    keys: 'never',
    retries: 'library',
  };
  const weighed = REGRESSION_CAUSES.some((c) => mix[c] > 0);
  return {
    client,
    release: option.release,
    replaces: main.map((c) => c.id),
    firstNight: option.from,
    fromMicros,
    share,
    causes: Object.fromEntries(REGRESSION_CAUSES.map((c, i) => [c, weighed ? mix[c] : i === 0 ? 1 : 0])),
    profile,
  };
}

/** The release a client drawn for a scenario starting at `t` runs: the new one once it has come. */
export function releaseAt(r: ResolvedRegression | null, c: ClientProfile, t: number): ClientProfile {
  return r !== null && t >= r.fromMicros && r.replaces.includes(c.id) ? r.profile : c;
}

/** The clients a scenario starting at `t` can draw from: CLIENTS, the new release in place of the old. */
export function clientsAt(r: ResolvedRegression | null, t: number): readonly ClientProfile[] {
  if (r === null || t < r.fromMicros) return CLIENTS;
  const out: ClientProfile[] = [];
  for (const c of CLIENTS) {
    const now = releaseAt(r, c, t);
    if (!out.includes(now)) out.push(now);
  }
  return out;
}
