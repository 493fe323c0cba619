import { describe, expect, it } from 'vitest';
import { guestAddress } from './guest-address.ts';

describe('guestAddress', () => {
  it('trims the spaces, tabs and line ends typed around an address', () => {
    expect(guestAddress('jana@example.com ')).toBe('jana@example.com');
    expect(guestAddress(' \tjana@example.com\r\n')).toBe('jana@example.com');
    expect(guestAddress('\u00a0jana@example.com\u2003')).toBe('jana@example.com');
  });

  it('lower-cases the domain and keeps the local part as the guest wrote it', () => {
    expect(guestAddress(' Jana.Novak@Example.COM ')).toBe('Jana.Novak@example.com');
    expect(guestAddress('"odd@name"@Mail.Example.org')).toBe('"odd@name"@mail.example.org');
  });

  it('leaves text that is no address as it is, but trimmed', () => {
    expect(guestAddress('  no address  ')).toBe('no address');
    expect(guestAddress('')).toBe('');
  });
});
