/**
 * Who the guest is: the occupant name as each channel writes it, reduced to what identifies
 * the person. A booking re-delivered through a channel manager or a GDS arrives as
 * "SURNAME/GIVEN", "Surname, Given", in capitals, without diacritics, with extra spaces or a
 * title; it is still one guest, and its copy must land in the same occupant bucket. Two
 * different people sharing an address usually differ in a whole name, so the match stays
 * strict: the same set of name words, whatever their order, case, accents, punctuation or
 * title.
 *
 * Initials: some channels write only the initial of a given name ("J. DUBOIS", "Dubois J") or
 * leave a part out (the surname alone). A compatible initial proves neither the same guest nor
 * another one. Kept apart, a copy written that way would be called a room booked on purpose and
 * the guest stays charged twice, silently; merged without a word, a room booked on purpose could
 * be refunded. So such a name joins the guest whose full name it fits, and that guest carries a
 * doubt: the set is a DUPLICATE a person checks, never a plan approved in bulk. A partial name
 * that fits two guests ("J. Dubois" beside "Jan Dubois" and "Julie Dubois") joins the one whose
 * bookings were made nearest in time to its own, and the doubt names both: a copy of either is
 * then cancelled only after a person has checked, and the two full names stay two guests.
 *
 * Diacritics: a channel that keeps to ASCII either drops the mark ("Müller" -> "MULLER") or
 * spells it out ("MUELLER", as passports do). So each name gets two keys, marks dropped and
 * marks transliterated (@sindresorhus/transliterate, which also handles ß, ø, ł, æ), and two
 * names are the same guest when any of their keys agree.
 */
import transliterate from '@sindresorhus/transliterate';

/** Titles and honorifics that channels put in front of a name; never part of who the guest is. */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'mstr',
  'master',
  'dr',
  'prof',
  'sir',
  'dame',
  'madam',
  'mme',
  'mlle',
  'm',
  'herr',
  'frau',
  'sr',
  'sra',
  'srta',
  'sig',
  'sigra',
]);

function words(ascii: string): string[] {
  const tokens = ascii
    .toLowerCase()
    // Apostrophes join ("O'Connor" is one word); every other separator splits.
    .replace(/['\u2019`´]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const named = tokens.filter((t) => !TITLES.has(t));
  // A name that is only a title word ("Sir") keeps it rather than becoming no name at all.
  return (named.length > 0 ? named : tokens).sort();
}

/** The keys that identify a written name; empty for a missing or blank name. */
export function occupantKeys(name: string | null | undefined): string[] {
  if (!name || name.trim() === '') return [];
  const nfkc = name.normalize('NFKC');
  const dropped = nfkc.normalize('NFD').replace(/\p{M}/gu, '');
  const keys = new Set<string>();
  for (const form of [transliterate(dropped), transliterate(nfkc)]) {
    const key = words(form).join(' ');
    if (key !== '') keys.add(key);
  }
  return [...keys];
}

/** Whether two written names are one guest. */
export function sameOccupant(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = occupantKeys(a);
  if (ka.length === 0) return occupantKeys(b).length === 0;
  return occupantKeys(b).some((k) => ka.includes(k));
}

/** One name part of a key: a word, or an initial (one letter) that stands for any word it begins. */
const isInitial = (w: string): boolean => w.length === 1 && /[a-z]/.test(w);

/**
 * Whether the words of `part` are a partial writing of the words of `full`: each word of `part`
 * is a different word of `full` or its initial, at least one whole word (a surname, say) is the
 * same, and `full` says more (a word `part` has as an initial, or one `part` leaves out).
 */
function partOf(part: readonly string[], full: readonly string[]): boolean {
  if (part.length > full.length || !part.some((w) => !isInitial(w) && full.includes(w))) return false;
  const used = new Array<boolean>(full.length).fill(false);
  let saysMore = part.length < full.length;
  const fits = (i: number): boolean => {
    if (i === part.length) return true;
    const w = part[i]!;
    for (let j = 0; j < full.length; j++) {
      const f = full[j]!;
      if (used[j] || !(f === w || (isInitial(w) && f.startsWith(w)))) continue;
      used[j] = true;
      if (fits(i + 1)) {
        if (f !== w) saysMore = true;
        return true;
      }
      used[j] = false;
    }
    return false;
  };
  return fits(0) && saysMore;
}

/** Why a group's guest needs a person: which names only an initial or a missing part separates. */
export interface OccupantDoubt {
  /** The names as written that were put with this guest although they only partly match. */
  readonly partialNames: readonly string[];
  /** The guest's full names as written. */
  readonly fullNames: readonly string[];
  /** One sentence per partial name: what separates it, and which other guests it could be. */
  readonly detail: string;
}

export interface Occupants {
  /** Per name as written, the guest's bucket: a key of the guest's fullest name, or '' for no name. */
  readonly bucketOf: Map<string | null, string>;
  /** Per bucket whose names only partly match, why a person has to check it. */
  readonly doubts: Map<string, OccupantDoubt>;
}

interface Guest {
  readonly bucket: string;
  readonly names: string[];
  readonly words: string[][];
  readonly times: number[];
}

const quoted = (names: readonly string[]): string => names.map((n) => `"${n.trim()}"`).join(' / ');

/** The candidate whose bookings were made nearest in time to the guest's; the first on a tie. */
function nearest(guest: Guest, candidates: readonly Guest[]): Guest {
  const gap = (c: Guest): number => {
    let min = Number.POSITIVE_INFINITY;
    for (const t of guest.times) for (const u of c.times) min = Math.min(min, Math.abs(t - u));
    return min;
  };
  return candidates.reduce((best, c) => (gap(c) < gap(best) ? c : best));
}

/**
 * Splits the names written in one look-alike group into guests. Names that share a key are one
 * guest (transitively). A name that only partly matches another guest's full name (an initial,
 * a part left out) joins that guest, and the guest carries a doubt. `createdAt` (epoch ms of the
 * bookings per name as written) decides which guest a partial name fitting several joins.
 */
export function occupantGuests(
  names: readonly (string | null)[],
  createdAt?: ReadonlyMap<string | null, readonly number[]>,
): Occupants {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    const [low, high] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(high, low);
  };
  const keysOf = new Map<string | null, string[]>();
  for (const name of names) {
    if (keysOf.has(name)) continue;
    const keys = occupantKeys(name);
    keysOf.set(name, keys);
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (const k of keys.slice(1)) union(keys[0]!, k);
  }
  const strict = new Map<string | null, string>();
  const guests = new Map<string, Guest>();
  for (const [name, keys] of keysOf) {
    const bucket = keys.length === 0 ? '' : find(keys[0]!);
    strict.set(name, bucket);
    if (bucket === '') continue;
    const g = guests.get(bucket) ?? { bucket, names: [], words: [], times: [] };
    g.names.push(name!);
    for (const k of keys) g.words.push(k.split(' '));
    g.times.push(...(createdAt?.get(name) ?? []));
    guests.set(bucket, g);
  }

  // One guest (the usual group: a booking and its copies) leaves no name to take in.
  if (guests.size <= 1) return { bucketOf: strict, doubts: new Map() };

  // A guest whose names are a partial writing of another's; the fullest guests take them in.
  // Only a guest with an initial or fewer words than the longest name can be partial, and it is
  // compared only with guests sharing a whole word: a large group of full names costs little.
  const all = [...guests.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
  for (const g of all) g.names.sort();
  const longest = Math.max(0, ...all.flatMap((g) => g.words.map((w) => w.length)));
  const mayBePartial = (g: Guest): boolean => g.words.some((w) => w.length < longest || w.some(isInitial));
  const byWord = new Map<string, Set<Guest>>();
  for (const g of all)
    for (const w of g.words.flat()) if (!isInitial(w)) byWord.set(w, (byWord.get(w) ?? new Set()).add(g));
  const near = (g: Guest): Guest[] => {
    const found = new Set<Guest>();
    for (const w of g.words.flat()) for (const o of byWord.get(w) ?? []) if (o !== g) found.add(o);
    return all.filter((o) => found.has(o));
  };
  const partial = (a: Guest, b: Guest): boolean => a.words.some((wa) => b.words.some((wb) => partOf(wa, wb)));
  const fullest = new Map<Guest, boolean>();
  const isFullest = (g: Guest): boolean => {
    let known = fullest.get(g);
    if (known === undefined) {
      known = !mayBePartial(g) || !near(g).some((o) => partial(g, o));
      fullest.set(g, known);
    }
    return known;
  };
  const joins = new Map<string, Guest>();
  const clauses = new Map<string, string[]>();
  for (const g of all) {
    if (!mayBePartial(g)) continue;
    const fits = near(g).filter((f) => partial(g, f) && isFullest(f));
    if (fits.length === 0) continue;
    const host = fits.length === 1 ? fits[0]! : nearest(g, fits);
    joins.set(g.bucket, host);
    const initialOnly = g.words.every((w) => host.words.some((h) => h.length === w.length));
    let clause = initialOnly
      ? `only an initial separates ${quoted(g.names)} from ${quoted(host.names)}`
      : `${quoted(g.names)} is ${quoted(host.names)} with part of the name left out`;
    if (fits.length > 1) {
      const shown = fits.slice(0, 3).map((f) => quoted(f.names));
      const more = fits.length > 3 ? ` and ${fits.length - 3} other guests` : '';
      clause += `; it fits ${shown.join(fits.length > 3 ? ', ' : ' and ')}${more} alike and was put with ${quoted(host.names)}, the booking nearest in time, so it may be a copy of ${fits.length === 2 ? 'either' : 'any of them'} or another guest`;
    }
    clauses.set(host.bucket, [...(clauses.get(host.bucket) ?? []), clause]);
  }

  const bucketOf = new Map<string | null, string>();
  for (const [name, bucket] of strict) bucketOf.set(name, joins.get(bucket)?.bucket ?? bucket);
  const doubts = new Map<string, OccupantDoubt>();
  for (const [bucket, list] of clauses) {
    const host = guests.get(bucket)!;
    doubts.set(bucket, {
      partialNames: all.filter((g) => joins.get(g.bucket) === host).flatMap((g) => g.names),
      fullNames: host.names,
      detail: list.join('; '),
    });
  }
  return { bucketOf, doubts };
}

/** Per name as written, the guest's bucket (occupantGuests without the doubts). */
export function occupantBuckets(names: readonly (string | null)[]): Map<string | null, string> {
  return occupantGuests(names).bucketOf;
}
