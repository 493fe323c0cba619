import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteQualified } from './quote.ts';

describe('quoteIdent', () => {
  it('wraps a plain name in double quotes', () => {
    expect(quoteIdent('Reservation')).toBe('"Reservation"');
  });
  it('doubles embedded double quotes so a name cannot close its own quoting', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('x"; DROP TABLE t; --')).toBe('"x""; DROP TABLE t; --"');
  });
  it('keeps case, spaces and unicode as they are', () => {
    expect(quoteIdent('guest Email')).toBe('"guest Email"');
    expect(quoteIdent('réservation')).toBe('"réservation"');
  });
  it('refuses an empty name and a NUL character', () => {
    expect(() => quoteIdent('')).toThrow(/empty/);
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
  });
  it('qualifies with a schema only when one is given', () => {
    expect(quoteQualified('public', 'api_logs')).toBe('"public"."api_logs"');
    expect(quoteQualified(undefined, 'api_logs')).toBe('"api_logs"');
  });
});
