import { describe, expect, it } from 'vitest';
import { FLAG_CODES, flagWords } from './flag-words.ts';

describe('a flag in words', () => {
  it('names every flag in lower-case words, none the same, and shows an unknown code as it is', () => {
    const words = FLAG_CODES.map(flagWords);
    for (const w of words) expect(w).toMatch(/^[a-z][a-z ]+$/);
    expect(new Set(words).size).toBe(FLAG_CODES.length);
    expect(flagWords('LARGE_REFUND')).toBe('large refund');
    expect(flagWords('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });
});
