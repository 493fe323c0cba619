/**
 * Bounded lists for reports that stay readable whatever the night's size: the first `limit`
 * items and a sentence for the rest. Money is ranked within its own currency (amounts in
 * different currencies are never compared), the largest of every currency first.
 */
import { plural, toMinor } from '../model/index.ts';

export interface Capped<T> {
  readonly items: T[];
  /** "24 more lines", or null when nothing was left out. */
  readonly more: string | null;
  readonly total: number;
}

export function capped<T>(list: readonly T[], limit: number, noun: string, nouns?: string): Capped<T> {
  const items = list.slice(0, limit);
  const rest = list.length - items.length;
  return {
    items,
    more: rest > 0 ? plural(rest, `more ${noun}`, `more ${nouns ?? `${noun}s`}`) : null,
    total: list.length,
  };
}

/**
 * Orders items flagged first, then by rank of amount within their currency (the largest EUR,
 * the largest JPY, …, then the second largest of each), so the top of the list shows the biggest
 * money of every currency rather than of whichever has the most digits.
 */
export function largestFirst<T>(
  items: readonly T[],
  money: (item: T) => { readonly amount: string; readonly currency: string } | null,
  flagged: (item: T) => boolean = () => false,
): T[] {
  const keyed = items.map((item, index) => {
    const m = money(item);
    return { item, index, currency: m?.currency ?? '', minor: m ? toMinor(m.amount) : 0n, rank: 0 };
  });
  const byCurrency = new Map<string, typeof keyed>();
  for (const k of keyed) {
    const list = byCurrency.get(k.currency);
    if (list) list.push(k);
    else byCurrency.set(k.currency, [k]);
  }
  for (const list of byCurrency.values()) {
    list.sort((a, b) => (a.minor === b.minor ? a.index - b.index : a.minor > b.minor ? -1 : 1));
    list.forEach((k, i) => {
      k.rank = i;
    });
  }
  return keyed
    .sort(
      (a, b) =>
        Number(flagged(b.item)) - Number(flagged(a.item)) ||
        a.rank - b.rank ||
        (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0) ||
        a.index - b.index,
    )
    .map((k) => k.item);
}
