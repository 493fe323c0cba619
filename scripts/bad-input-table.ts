/** Rewrites docs/bad-input.md from the bad-input corpus (test/support/bad-input-corpus.ts). */
import { writeFileSync } from 'node:fs';
import { badInputTable } from '../test/support/bad-input-corpus.ts';

const path = new URL('../docs/bad-input.md', import.meta.url);
writeFileSync(path, badInputTable());
process.stdout.write(`wrote ${path.pathname}\n`);
