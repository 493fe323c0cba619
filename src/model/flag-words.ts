/**
 * A plan's flags in the words a person reads on a list ("large refund", not LARGE_REFUND); the
 * flag's own detail says the particulars. A Record over every code, so a new flag cannot reach a
 * page without words.
 */
import type { FlagCode } from './types.ts';

const FLAG_WORDS: Readonly<Record<FlagCode, string>> = {
  DOUBT: 'in doubt',
  LARGE_REFUND: 'large refund',
  UNHANDLED_PAYMENT: 'unhandled payment',
  UNKNOWN_CAUSE: 'unknown cause',
  LOW_CONFIDENCE: 'low confidence',
  KEEP_OVERRIDDEN: 'keep chosen by hand',
  RULE_UNDER_PRECISION: 'rule under precision',
};

export const FLAG_CODES = Object.keys(FLAG_WORDS) as readonly FlagCode[];

/** The flag's name in words; an unknown code (an older store's) is shown as it is. */
export function flagWords(code: string): string {
  return (FLAG_WORDS as Readonly<Record<string, string>>)[code] ?? code;
}
