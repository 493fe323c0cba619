/**
 * Chance in a test that can be replayed: the seed is RESRECON_TEST_SEED when set, else drawn
 * afresh, and is printed either way, so a trial that failed at random kill points runs again at
 * the same ones (as far as the machine's timing allows):
 *
 *   RESRECON_TEST_SEED=123456789 npx vitest run src/execute/execute.test.ts
 */
import { randomInt } from 'node:crypto';
import { Prng } from '../../src/simulate/index.ts';

export interface SeededRandom {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
}

export function seededRandom(what: string): SeededRandom {
  const given = process.env['RESRECON_TEST_SEED'];
  const seed = given === undefined || given.trim() === '' ? randomInt(0x1_0000_0000) : Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new Error(`RESRECON_TEST_SEED=${given} is not a whole number from 0 to 4294967295`);
  }
  console.info(`${what}: seed ${seed} (RESRECON_TEST_SEED=${seed} replays it)`);
  const prng = new Prng(seed);
  return { seed, next: () => prng.next() };
}
