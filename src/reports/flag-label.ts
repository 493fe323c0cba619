/**
 * A plan's flags in a person's words, for places with room for a few words only (the CLI's
 * plan list, a badge); each flag's `detail` says the particulars where there is room for them.
 */
import type { FlagCode } from '../model/index.ts';

const FLAGS: Readonly<Record<FlagCode, string>> = {
  DOUBT: 'doubt',
  LARGE_REFUND: 'large refund',
  UNHANDLED_PAYMENT: 'payment left to a person',
  UNKNOWN_CAUSE: 'unknown cause',
  LOW_CONFIDENCE: 'low confidence',
  KEEP_OVERRIDDEN: 'keep chosen by hand',
};

/** "LARGE_REFUND" -> "large refund"; a code this version does not know is shown as it is. */
export function flagLabel(code: string): string {
  return (FLAGS as Readonly<Record<string, string>>)[code] ?? code;
}
