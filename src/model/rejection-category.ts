/**
 * Why a person turned a plan down, as a category the rules can be measured on (the free text
 * says the particulars). One list: the CLI's `--category`, the console's select, the audit log
 * and the reports all read it, so a new category changes one line. Approving with another keep
 * than proposed is stored as `wrong-keep` too: the rule found copies but chose the wrong one.
 */

export const REJECTION_CATEGORIES = [
  { code: 'not-a-duplicate', label: 'not a duplicate: rooms booked on purpose' },
  { code: 'wrong-keep', label: 'the wrong booking kept' },
  { code: 'wrong-amount', label: 'the wrong amount refunded or voided' },
  { code: 'already-handled', label: 'already handled by hand' },
  { code: 'other', label: 'another reason' },
] as const;

export type RejectionCategory = (typeof REJECTION_CATEGORIES)[number]['code'];

export const REJECTION_CATEGORY_CODES: readonly RejectionCategory[] = REJECTION_CATEGORIES.map((c) => c.code);

/** What a rejection without a category is stored as (the CLI says so when it does it). */
export const DEFAULT_REJECTION_CATEGORY: RejectionCategory = 'other';

/** What an approval with another keep than proposed counts as. */
export const WRONG_KEEP: RejectionCategory = 'wrong-keep';

export function isRejectionCategory(value: unknown): value is RejectionCategory {
  return typeof value === 'string' && (REJECTION_CATEGORY_CODES as readonly string[]).includes(value);
}

/** The category in plain words; an unknown code (a later version's) is shown as it is. */
export function rejectionCategoryLabel(code: string): string {
  return REJECTION_CATEGORIES.find((c) => c.code === code)?.label ?? code;
}
