import { describe, expect, it } from 'vitest';
import { maskEmail, maskEmailsIn } from './mask-email.ts';

describe('masking guests’ addresses', () => {
  it('keeps the first letter and the domain of an address', () => {
    expect(maskEmail('jana.novakova@example.com')).toBe('j***@example.com');
    expect(maskEmail('not an address')).toBe('***');
  });

  it.each([
    ['plain', 'key for jana.novakova@example.com expired', 'key for j***@example.com expired'],
    ['an apostrophe and a plus', "o'brien+hotel@example.ie booked", 'o***@example.ie booked'],
    ['letters of other scripts', 'jösé.müller@bücher.de twice', 'j***@bücher.de twice'],
    ['a combining accent (decomposed é)', 'jose\u0301@example.com', 'j***@example.com'],
    ['a script written with vowel signs', 'राम@example.in', 'र***@example.in'],
    ['a zero-width non-joiner', 'a\u200cb@example.ir', 'a***@example.ir'],
    ['every unquoted sign', "a!#$%&'*+=?^_`{|}~-b@example.org", 'a***@example.org'],
    ['a client id holding one', 'concierge/jana@example.net', 'concierge/j***@example.net'],
    ['two in one text', 'a@x.io and b.c@y.io', 'a***@x.io and b***@y.io'],
  ])('leaves no part of the local part but its first letter in text: %s', (_what, text, masked) => {
    expect(maskEmailsIn(text)).toBe(masked);
  });
});
