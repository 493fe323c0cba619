/**
 * The reason category of a rejection, asked on a terminal when `--category` was not given: the
 * category is what the rules are measured on, so a person at a keyboard picks one (a number from
 * the list or its code) rather than have `other` chosen for them. Piped or scripted, nothing is
 * asked: the command stores `other` and says so, as the contract's optional flag promises.
 */
import { createInterface } from 'node:readline/promises';
import { ConfigError } from '../errors/index.ts';
import { REJECTION_CATEGORIES, type RejectionCategory } from '../model/index.ts';

export interface CategoryInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
}

/** Attempts before a terminal answer that names no category is refused. */
const ATTEMPTS = 3;

/** The category typed as a number of the list or as its code; null for anything else. */
export function categoryFromAnswer(answer: string): RejectionCategory | null {
  const typed = answer.trim().toLowerCase();
  const n = Number(typed);
  if (Number.isInteger(n) && n >= 1 && n <= REJECTION_CATEGORIES.length)
    return REJECTION_CATEGORIES[n - 1]!.code;
  return REJECTION_CATEGORIES.find((c) => c.code === typed)?.code ?? null;
}

/** Asks on a terminal; null when the input is not one (the caller applies the default). */
export async function askCategory(
  input: CategoryInput,
  output: NodeJS.WritableStream,
): Promise<RejectionCategory | null> {
  if (!input.isTTY) return null;
  const rl = createInterface({ input, output, terminal: false });
  try {
    output.write('Why is the plan rejected? (the rules are measured on this)\n');
    for (const [i, c] of REJECTION_CATEGORIES.entries()) output.write(`  ${i + 1}. ${c.code}: ${c.label}\n`);
    // Lines are read through the iterator, which keeps what was typed ahead of the prompt.
    const lines = rl[Symbol.asyncIterator]();
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      output.write('Category (number or name): ');
      const next = await lines.next();
      if (next.done) break;
      const category = categoryFromAnswer(String(next.value));
      if (category) return category;
      output.write(`  not one of the list: type 1-${REJECTION_CATEGORIES.length} or a name\n`);
    }
    throw new ConfigError('no reason category chosen: nothing was rejected', '--category');
  } finally {
    rl.close();
  }
}
