/**
 * Who the guest is: the occupant name as each channel writes it, reduced to what identifies
 * the person. A booking re-delivered through a channel manager or a GDS arrives as
 * "SURNAME/GIVEN", "Surname, Given", in capitals, without diacritics, with extra spaces or a
 * title; it is still one guest, and its copy must land in the same occupant bucket. Two
 * different people sharing an address usually differ in a whole name, so the match stays
 * strict: the same set of name words, whatever their order, case, accents, punctuation or
 * title. An initial is not a name ("J. Smith" is not "John Smith"): merging those would put a
 * room booked on purpose among the copies, and refunding it is the worst mistake there is.
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

/**
 * Splits the names written in one look-alike group into guests: names that share a key are one
 * guest (transitively). Returns, per name as written, the guest's bucket: its smallest key, or
 * '' for no name.
 */
export function occupantBuckets(names: readonly (string | null)[]): Map<string | null, string> {
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
  const out = new Map<string | null, string>();
  for (const [name, keys] of keysOf) out.set(name, keys.length === 0 ? '' : find(keys[0]!));
  return out;
}
