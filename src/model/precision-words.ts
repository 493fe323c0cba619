/**
 * Measured precision in words, the same on every page that shows it (the engineering report,
 * `rules list`, the console's rules page).
 */
import type { PrecisionRow } from './precision.ts';
import { REJECTION_CATEGORY_CODES, rejectionCategoryLabel } from './rejection-category.ts';
import { causeLabel } from './text-format.ts';
import { ROOT_CAUSES, type RootCause } from './types.ts';

const two = (n: number | null): string => (n === null ? '–' : n.toFixed(2));

/** "0.80 (0.49–0.94)": the precision and its 95 % interval; a dash when nothing was decided. */
export function precisionText(row: Pick<PrecisionRow, 'precision' | 'low' | 'high'>): string {
  return row.precision === null ? '–' : `${two(row.precision)} (${two(row.low)}–${two(row.high)})`;
}

/** The reasons people gave, most common first: "2 rejected as not a duplicate: …; 1 approved keeping another booking". */
export function reasonsText(row: Pick<PrecisionRow, 'rejected' | 'wrongKeep'>): string {
  const known: readonly string[] = REJECTION_CATEGORY_CODES;
  const parts = Object.entries(row.rejected)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || known.indexOf(a) - known.indexOf(b))
    .map(([c, n]) => `${n} rejected as ${rejectionCategoryLabel(c)}`);
  if (row.wrongKeep > 0) parts.push(`${row.wrongKeep} approved keeping another booking`);
  return parts.join('; ');
}

/** A precision row's key in words: a root cause's label, else the rule id as it is. */
export function precisionKeyLabel(key: string): string {
  return (ROOT_CAUSES as readonly string[]).includes(key) ? causeLabel(key as RootCause) : key;
}
