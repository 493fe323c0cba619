/**
 * What real traffic adds to the clean cases (root-causes.md, "What real traffic adds" and "What
 * production adds beyond that"), each as a share that 0 switches off. Resolved once, at the
 * edge, into a fully defaulted object.
 *
 * A duplicate set shows at most one of them (its `variant`), drawn after its root cause so the
 * mix of causes stays what was asked for. Each share is therefore a share of the sets of the
 * causes it can occur with; for one cause the shares that apply to it must not add up to more
 * than 1. The defaults make each duplicate reality a few percent of all duplicate sets under the
 * runbook's mix; library retries are a larger part of NO_KEY, since the doc names them beside
 * people clicking again as the two ways it happens. The realities that occur with TIMEOUT_RETRY
 * (or RACE) alone have larger shares of those causes for the same reason: 0.12 of TIMEOUT_RETRY
 * sets is 3% of all sets under the runbook's 25%. With the defaults the shares of one cause add
 * up to at most 0.46 (TIMEOUT_RETRY), so more than half of every cause's sets stay clean.
 *
 * New realities are appended after the older ones: a variant is drawn by where a uniform draw
 * falls among the shares in this order, so the older variants keep their draws and a history
 * with the new shares at 0 is the one the older simulator wrote.
 *
 * One reality is not drawn after a cause: a release that regresses (release-regression.ts) is a
 * share of one client's bookings from a given night on, so it has no place among the shares a
 * set's variant is drawn from, and it happens only where the simulate option puts it.
 */
import { ConfigError } from '../errors/index.ts';
import type { Cause } from './dup-causes.ts';

/** One primary variant per duplicate set; `clean` is the set as the four causes describe it. */
export type DuplicateVariant =
  | 'clean'
  | 'channel-name'
  | 'library-retry'
  | 'mixed-keys'
  | 'split-payment'
  | 'declined-then-charged'
  | 'support-refunded'
  | 'card-currency'
  | 'late-commit'
  | 'multi-attempt-timeout'
  | 'clock-drift'
  | 'initials'
  | 'retry-loop'
  | 'release-regression';

export const DUPLICATE_VARIANTS: readonly DuplicateVariant[] = [
  'clean',
  'channel-name',
  'library-retry',
  'mixed-keys',
  'split-payment',
  'declined-then-charged',
  'support-refunded',
  'card-currency',
  'late-commit',
  'multi-attempt-timeout',
  'clock-drift',
  'initials',
  'retry-loop',
  'release-regression',
];

/** The variant of the sets a regressing release makes (release-regression.ts). */
export const REGRESSION_VARIANT = 'release-regression' satisfies DuplicateVariant;

export interface Realities {
  /**
   * Share of multi-room checkouts made under the booker's one name and email on every room, in
   * one checkout session (look-alike kinds ONE_NAME_KEYED, ONE_NAME_KEYLESS). Default 0.05.
   */
  readonly oneNameCheckouts?: number;
  /**
   * Share of multi-room look-alikes that are two people sharing one address and one surname,
   * each booking the same room type for the same stay in a session of their own, one of them
   * written with only the initial of a given name that another name shares ("Jan Dubois" and
   * "J. DUBOIS" for Julie; look-alike kind SHARED_INITIAL). No log tells them from an initials
   * copy, so they are labelled indistinguishable. Default 0.05.
   */
  readonly sharedInitials?: number;
  /**
   * Share of MISSING_DEDUP sets whose copy is re-delivered through a channel manager that writes
   * the guest's name its own way ("SURNAME/GIVEN", capitals, no diacritics, a title). Default 0.2.
   */
  readonly channelNames?: number;
  /**
   * Share of NO_KEY sets sent again by the client's HTTP library (0.5-2 s apart with jitter,
   * keeping the correlation id); the others are a person submitting again, with a new
   * correlation id each time. Default 0.15.
   */
  readonly libraryRetries?: number;
  /**
   * Share of NO_KEY and MISSING_DEDUP sets where one request carries an Idempotency-Key and the
   * other none (NO_KEY within a retry's reach, MISSING_DEDUP minutes or hours later). Default 0.05.
   */
  readonly mixedKeys?: number;
  /** Share of duplicate sets paid as a captured deposit plus an authorised balance. Default 0.04. */
  readonly splitPayments?: number;
  /** Share of duplicate sets where a declined charge was retried: FAILED, then CAPTURED. Default 0.03. */
  readonly declinedRetries?: number;
  /**
   * Share of duplicate sets where support acted from the payment provider's dashboard before the
   * night's run, the booking left active: a copy's charge refunded in full or in part, the
   * original's charge refunded by mistake (the copy is then the one still paid, and kept), a
   * copy's authorisation voided, or one of three copies cancelled (the set is the two left).
   * Default 0.03.
   */
  readonly supportRefunds?: number;
  /**
   * Share of duplicate sets where a member's payment was charged in the card's currency (dynamic
   * currency conversion: USD or GBP, EUR for a USD or GBP booking) at a converted, marked-up
   * amount, while the booking keeps its own currency. Default 0.03.
   */
  readonly cardCurrencies?: number;
  /**
   * Share of TIMEOUT_RETRY sets where the backend committed the timed-out request's booking 1-60 s
   * after the gateway (504, or 524 behind a CDN) or the client (499) gave up; in about a third of
   * them after the retry's own booking. Default 0.12.
   */
  readonly lateCommits?: number;
  /**
   * Share of TIMEOUT_RETRY sets where two or three attempts timed out before the one that
   * succeeded, each with its own key (or none); the first attempt's booking is a copy, later
   * timed-out attempts may have made bookings too. Default 0.08.
   */
  readonly multiAttemptTimeouts?: number;
  /**
   * Share of RACE and TIMEOUT_RETRY sets where a gateway host's clock was 1-8 s off the database's
   * on one creating request: the logged overlap of a race vanishes, or a booking's createdAt falls
   * outside its logged request. The database's rows keep the database's clock. Default 0.1.
   */
  readonly clockDrift?: number;
  /**
   * Share of NO_KEY, TIMEOUT_RETRY and MISSING_DEDUP sets whose copy carries only the initial of
   * the guest's given name ("J. DUBOIS", "Dubois J", "DUBOIS/J"): a doubt only a person can
   * settle, labelled undecidable. Default 0.03.
   */
  readonly initials?: number;
  /**
   * Share of NO_KEY sets made by a client release that misread its own success and retried with
   * doubling backoff until it gave up: four to six keyless copies, the issuer declining the later
   * identical charges. Default 0.04.
   */
  readonly retryLoops?: number;
  /**
   * Share of a regressing release's bookings (simulate's `regression` option: one client's new
   * release from a given night on) that its HTTP library re-sends without an Idempotency-Key
   * after a dropped connection (NO_KEY) or a gateway's timeout (TIMEOUT_RETRY), weighted as the
   * mix weighs those two causes. Without the option it does nothing. Default 0.15: a release that
   * drops its keys re-sends whatever times out or loses its connection, several times the one to
   * three copies in a hundred bookings a client's own habits leave (a keyless app's among the
   * highest), so its night stands out as it does in production.
   */
  readonly releaseRegressions?: number;
}

export type ResolvedRealities = Readonly<Required<Realities>>;

export const DEFAULT_REALITIES: ResolvedRealities = {
  oneNameCheckouts: 0.05,
  channelNames: 0.2,
  libraryRetries: 0.15,
  mixedKeys: 0.05,
  splitPayments: 0.04,
  declinedRetries: 0.03,
  supportRefunds: 0.03,
  cardCurrencies: 0.03,
  lateCommits: 0.12,
  multiAttemptTimeouts: 0.08,
  clockDrift: 0.1,
  initials: 0.03,
  retryLoops: 0.04,
  sharedInitials: 0.05,
  releaseRegressions: 0.15,
};

/** The variant each duplicate reality produces, and the causes it can occur with. */
export const VARIANT_OF: Readonly<
  Record<
    Exclude<keyof Realities, 'oneNameCheckouts' | 'sharedInitials' | 'releaseRegressions'>,
    { variant: DuplicateVariant; causes: readonly Cause[] }
  >
> = {
  channelNames: { variant: 'channel-name', causes: ['MISSING_DEDUP'] },
  libraryRetries: { variant: 'library-retry', causes: ['NO_KEY'] },
  mixedKeys: { variant: 'mixed-keys', causes: ['NO_KEY', 'MISSING_DEDUP'] },
  splitPayments: { variant: 'split-payment', causes: ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'] },
  declinedRetries: {
    variant: 'declined-then-charged',
    causes: ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'],
  },
  supportRefunds: {
    variant: 'support-refunded',
    causes: ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'],
  },
  cardCurrencies: { variant: 'card-currency', causes: ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'] },
  lateCommits: { variant: 'late-commit', causes: ['TIMEOUT_RETRY'] },
  multiAttemptTimeouts: { variant: 'multi-attempt-timeout', causes: ['TIMEOUT_RETRY'] },
  clockDrift: { variant: 'clock-drift', causes: ['RACE', 'TIMEOUT_RETRY'] },
  initials: { variant: 'initials', causes: ['NO_KEY', 'TIMEOUT_RETRY', 'MISSING_DEDUP'] },
  retryLoops: { variant: 'retry-loop', causes: ['NO_KEY'] },
};

const VARIANT_KEYS = Object.keys(VARIANT_OF) as (keyof typeof VARIANT_OF)[];
const CAUSES: readonly Cause[] = ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'];
/** A library re-sending without a key: after a dropped connection, or after a gateway's timeout. */
export const REGRESSION_CAUSES: readonly Cause[] = ['NO_KEY', 'TIMEOUT_RETRY'];

export function resolveRealities(input: Realities | undefined): ResolvedRealities {
  const given = (input ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in DEFAULT_REALITIES))
      throw new ConfigError(
        `unknown reality ${name}; known: ${Object.keys(DEFAULT_REALITIES).join(', ')}`,
        `realities.${name}`,
      );
  }
  const out: Record<string, number> = {};
  for (const [name, fallback] of Object.entries(DEFAULT_REALITIES)) {
    const v = given[name] ?? fallback;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      throw new ConfigError(
        `realities.${name} must be a share within 0 and 1, got ${String(v)}`,
        `realities.${name}`,
      );
    out[name] = v;
  }
  const r = out as Required<Realities>;
  for (const cause of CAUSES) {
    const applying = VARIANT_KEYS.filter((k) => VARIANT_OF[k].causes.includes(cause));
    const sum = applying.reduce((a, k) => a + r[k], 0);
    if (sum > 1 + 1e-9)
      throw new ConfigError(
        `the realities that apply to ${cause} sets (${applying.join(', ')}) add up to ${Math.round(sum * 1e6) / 1e6}, more than 1`,
        'realities',
      );
  }
  return Object.freeze(r);
}

/** The variant a new duplicate set of this cause shows; `u` is a uniform draw in [0, 1). */
export function variantFor(cause: Cause, r: ResolvedRealities, u: number): DuplicateVariant {
  let acc = 0;
  for (const k of VARIANT_KEYS) {
    const { variant, causes } = VARIANT_OF[k];
    if (!causes.includes(cause)) continue;
    acc += r[k];
    if (u < acc) return variant;
  }
  return 'clean';
}

/** The causes a variant can occur with (every cause for `clean`). */
export function causesOf(variant: DuplicateVariant): readonly Cause[] {
  if (variant === 'clean') return CAUSES;
  if (variant === REGRESSION_VARIANT) return REGRESSION_CAUSES;
  const k = VARIANT_KEYS.find((x) => VARIANT_OF[x].variant === variant);
  if (!k) throw new Error(`unknown duplicate variant ${variant}`);
  return VARIANT_OF[k].causes;
}

/** The share behind a variant (1 for `clean`). */
export function shareOf(variant: DuplicateVariant, r: ResolvedRealities): number {
  if (variant === 'clean') return 1;
  if (variant === REGRESSION_VARIANT) return r.releaseRegressions;
  const k = VARIANT_KEYS.find((x) => VARIANT_OF[x].variant === variant)!;
  return r[k];
}
