/**
 * The generator's main loop: draws arrivals over the window, picks a scenario for each (mostly
 * ordinary bookings; duplicates at the requested rate and mix, each with the variant of real
 * traffic it shows; look-alikes, some of them one-name checkouts; now and then a malformed row
 * the API should have refused), and lets the timeline write everything that is
 * now in the past. It waits for PostgreSQL now and then, so generation and loading run side by
 * side on the two cores.
 */
import { Arrivals } from './arrivals.ts';
import { CLIENT_WEIGHTS, clientById } from './clients.ts';
import type { Cause } from './dup-causes.ts';
import {
  causesOf,
  DUPLICATE_VARIANTS,
  type DuplicateVariant,
  REGRESSION_VARIANT,
  type ResolvedRealities,
  shareOf,
  variantFor,
} from './realities.ts';
import { releaseAt } from './release-regression.ts';
import { duplicateBooking } from './scenario-duplicate.ts';
import { agencyGroup, multiRoom, replaced } from './scenario-look-alike.ts';
import { malformedBooking } from './scenario-malformed.ts';
import { normalBooking } from './scenario-normal.ts';
import { oneNameCheckout } from './scenario-one-name.ts';
import { sharedInitial } from './scenario-shared-initial.ts';
import { HOUR, MINUTE } from './time.ts';
import { CAUSES, DEFECTS, type Defect, LOOK_ALIKE_KINDS, type LookAlikeKind } from './truth.ts';
import type { World } from './world.ts';

export interface GenerateInput {
  readonly reservations: number;
  readonly mix: Readonly<Record<Cause, number>>;
  readonly duplicateRate: number;
  readonly realities: ResolvedRealities;
  readonly logGap: { readonly from: number; readonly to: number };
  readonly wait: () => Promise<void>;
  readonly onProgress?: (table: string, rows: number) => void;
}

/** The variants drawn after a cause; a release's regression happens where the option puts it. */
type Variant = Exclude<DuplicateVariant, 'clean' | typeof REGRESSION_VARIANT>;
type Kind = Cause | Defect | LookAlikeKind | Variant | 'MIXED' | 'NORMAL';
const VARIANTS = DUPLICATE_VARIANTS.filter((v): v is Variant => v !== 'clean' && v !== REGRESSION_VARIANT);
const isVariant = (k: Kind): k is Variant => (VARIANTS as readonly Kind[]).includes(k);

/** About one booking in 2,000 is written with one defect. */
const MALFORMED_RATE = 0.0005;
/** From this size on, a history holds at least one malformed row of each kind. */
const MALFORMED_FORCED_FROM = 1_000;

/**
 * Each look-alike kind, each cause the mix asks for and each reality switched on appears at
 * least once even in a small history: at a random point of the run, if chance has not brought
 * it by then. So does each kind of malformed row, in a history of 1,000 reservations or more.
 * The forced one-name checkouts are one keyed and paid per cart, one keyless and charged per
 * room, so both key variants and both payment variants are there.
 */
function forcedTargets(w: World, input: GenerateInput): Map<Kind, number> {
  const causes = input.duplicateRate > 0 ? CAUSES.filter((c) => input.mix[c] > 0) : [];
  const oneName = input.realities.oneNameCheckouts > 0;
  const shared = input.realities.sharedInitials > 0;
  const kinds: Kind[] = [
    ...causes,
    ...LOOK_ALIKE_KINDS.filter(
      (k) => (oneName || !k.startsWith('ONE_NAME')) && (shared || k !== 'SHARED_INITIAL'),
    ),
    ...(causes.length > 0 ? (['MIXED'] as const) : []),
    ...VARIANTS.filter((v) => shareOf(v, input.realities) > 0 && causesOf(v).some((c) => causes.includes(c))),
    ...(input.reservations >= MALFORMED_FORCED_FROM ? DEFECTS : []),
  ];
  return new Map(kinds.map((k) => [k, w.prng.real(0.05, 0.85)]));
}

export async function generate(w: World, input: GenerateInput): Promise<void> {
  const p = w.prng;
  const { from, to } = w.settings;
  const arrivals = new Arrivals(p, from, to - 15 * MINUTE);
  const forced = forcedTargets(w, input);
  let gapSets = 0;
  let scenarios = 0;
  while (w.made < input.reservations) {
    const remaining = input.reservations - w.made;
    const t = arrivals.next(remaining);
    w.timeline.flushBefore(t);
    if (++scenarios % 2_000 === 0) {
      await input.wait();
      if (scenarios % 50_000 === 0) input.onProgress?.('Reservation', w.made);
    }
    let kind: Kind = 'NORMAL';
    for (const [k, at] of forced) {
      if (arrivals.progress >= at) {
        kind = k;
        forced.delete(k);
        break;
      }
    }
    const inGap = t >= input.logGap.from && t < input.logGap.to;
    if (kind === 'NORMAL') {
      // The first arrival in the log gap always starts a set, so every history with duplicates
      // has one whose logs are gone, however few bookings the quiet hours bring.
      if (inGap && gapSets < 3 && input.duplicateRate > 0 && (gapSets === 0 || p.chance(0.3))) {
        kind = p.weighted(input.mix);
        gapSets++;
      } else {
        const r = p.next();
        const rates: readonly (readonly [Kind | 'DUP' | 'MALFORMED', number])[] = [
          ['DUP', input.duplicateRate],
          ['MULTI_ROOM', 0.012],
          ['MIXED', 0.0008],
          ['AGENT', 0.0025],
          ['CANCEL_REBOOK', 0.004],
          ['MODIFICATION', 0.0025],
          ['MALFORMED', MALFORMED_RATE],
        ];
        let acc = 0;
        for (const [k, rate] of rates) {
          acc += rate;
          if (r < acc) {
            kind = k === 'DUP' ? p.weighted(input.mix) : k === 'MALFORMED' ? p.pick(DEFECTS) : k;
            break;
          }
        }
      }
    }
    run(w, t, kind, remaining, input);
  }
  w.timeline.flushAll();
}

/** What can still be done this close to the end of the window and of the reservation budget. */
function feasible(kind: Kind, remaining: number, room: number, size: number): Kind {
  const roomy = room >= 3 * HOUR;
  if (kind === 'NORMAL' || remaining < size) return 'NORMAL';
  if (kind === 'MISSING_DEDUP' && !roomy) return 'NO_KEY';
  if (
    (kind === 'AGENT' ||
      kind === 'CANCEL_REBOOK' ||
      kind === 'MODIFICATION' ||
      kind === 'ONE_NAME_KEYED' ||
      kind === 'ONE_NAME_KEYLESS') &&
    !roomy
  )
    return 'NORMAL';
  return kind;
}

/** A cause that can show this variant, weighted by the mix (the generator forced the variant). */
function causeShowing(w: World, variant: Variant, mix: Readonly<Record<Cause, number>>): Cause {
  const weights = Object.fromEntries(causesOf(variant).map((c) => [c, mix[c]])) as Record<Cause, number>;
  return w.prng.weighted(weights);
}

/**
 * Variants whose requests can take twenty minutes (two or three cut-offs of up to 100 s, each
 * followed by a re-send that a channel manager makes minutes later): too long for the window's
 * last minutes.
 */
const SLOW: readonly DuplicateVariant[] = ['late-commit', 'multi-attempt-timeout'];

/** A duplicate set of this cause; its variant drawn now, unless one was asked for. */
function duplicate(w: World, t: number, cause: Cause, wanted: Variant | null, input: GenerateInput): void {
  const room = w.settings.to - t;
  const fitting = cause === 'MISSING_DEDUP' && room < 3 * HOUR ? 'NO_KEY' : cause;
  let variant: DuplicateVariant = wanted ?? variantFor(fitting, input.realities, w.prng.next());
  if (!causesOf(variant).includes(fitting)) variant = 'clean';
  if (room < 45 * MINUTE && SLOW.includes(variant)) variant = 'clean';
  duplicateBooking(w, t, fitting, variant);
}

/**
 * An ordinary booking in a history with a regressing release: drawn as normalBooking draws its
 * client (so the history before the release's night is the one without it), the new release in
 * place of the old ones from its night on, and a share of its bookings re-sent without a key.
 */
function ordinaryOrRegressed(w: World, t: number, remaining: number): void {
  const r = w.settings.regression!;
  const client = releaseAt(r, clientById(w.prng.weighted(CLIENT_WEIGHTS)), t);
  // A re-sent booking makes up to three reservations: the budget must hold them.
  if (client === r.profile && remaining >= 3 && w.prng.chance(r.share))
    duplicateBooking(w, t, w.prng.weighted(r.causes as Record<Cause, number>), REGRESSION_VARIANT, client);
  else normalBooking(w, t, client);
}

function run(w: World, t: number, wanted: Kind, remaining: number, input: GenerateInput): void {
  const p = w.prng;
  const room = w.settings.to - t;
  const rooms = wanted === 'MULTI_ROOM' && p.chance(0.08) ? p.int(5, 9) : p.chance(0.8) ? 2 : 3;
  const travellers = p.int(2, 4);
  const single = (DEFECTS as readonly Kind[]).includes(wanted);
  const size =
    wanted === 'MULTI_ROOM' ||
    wanted === 'MIXED' ||
    wanted === 'ONE_NAME_KEYED' ||
    wanted === 'ONE_NAME_KEYLESS'
      ? rooms + 3
      : wanted === 'AGENT'
        ? travellers
        : single
          ? 1
          : 3;
  const kind = feasible(wanted, remaining, room, size);
  if (isVariant(kind)) {
    duplicate(w, t, causeShowing(w, kind, input.mix), kind, input);
    return;
  }
  switch (kind) {
    case 'NORMAL':
      if (w.settings.regression === null) normalBooking(w, t);
      else ordinaryOrRegressed(w, t, remaining);
      break;
    case 'NO_KEY':
    case 'TIMEOUT_RETRY':
    case 'RACE':
    case 'MISSING_DEDUP':
      duplicate(w, t, kind, null, input);
      break;
    case 'MULTI_ROOM':
      if (room >= 3 * HOUR && p.chance(input.realities.oneNameCheckouts)) oneNameCheckout(w, t, rooms);
      else if (input.realities.sharedInitials > 0 && p.chance(input.realities.sharedInitials))
        sharedInitial(w, t);
      else multiRoom(w, t, rooms);
      break;
    case 'SHARED_INITIAL':
      sharedInitial(w, t);
      break;
    case 'ONE_NAME_KEYED':
      oneNameCheckout(w, t, rooms, true, 'cart');
      break;
    case 'ONE_NAME_KEYLESS':
      oneNameCheckout(w, t, rooms, false, 'per-room');
      break;
    case 'MIXED':
      multiRoom(w, t, rooms, room < 3 * HOUR ? 'NO_KEY' : p.weighted(input.mix));
      break;
    case 'AGENT':
      agencyGroup(w, t, travellers);
      break;
    case 'CANCEL_REBOOK':
    case 'MODIFICATION':
      replaced(w, t, kind);
      break;
    case 'BLANK_EMAIL':
    case 'DATES_REVERSED':
    case 'UNKNOWN_STATUS':
      malformedBooking(w, t, kind);
      break;
    default:
      throw new Error(`unknown scenario ${String(kind)}`);
  }
}
