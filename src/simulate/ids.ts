/**
 * Identifiers as the booking API mints them: Prisma-style cuids for rows, short upper-case
 * confirmation numbers for guests, UUIDs for requests and keys. Row ids and confirmation numbers
 * come from a counter scrambled through a bijection, so they are unique by construction and
 * reveal nothing about the order or the scenario that produced them.
 */
import type { Prng } from './prng.ts';

function scramble(n: number, mult: number): number {
  return Math.imul(n ^ 0x5bd1e995, mult) >>> 0;
}

function base36(x: number, width: number): string {
  return x.toString(36).padStart(width, '0');
}

export class IdMaker {
  private rows = 0;
  private confirmations = 0;

  constructor(private readonly prng: Prng) {}

  /** Random base-36 characters, six per 32-bit draw. */
  private tail(n: number): string {
    let s = '';
    while (s.length < n) s += (this.prng.u32() % 2_176_782_336).toString(36).padStart(6, '0');
    return s.length === n ? s : s.slice(0, n);
  }

  /** A cuid-like row id (Reservation, Payment): unique, 25 characters. */
  row(): string {
    const n = this.rows++;
    return `cl${base36(scramble(n, 0x2545f491), 7)}${base36(n % 1296, 2)}${this.tail(14)}`;
  }

  /** What the guest reads on the confirmation email, e.g. HB7Q2KX91. */
  confirmation(): string {
    const n = this.confirmations++;
    return `HB${base36(scramble(n, 0x27d4eb2d), 7).toUpperCase()}`;
  }

  request(): string {
    return this.prng.uuid();
  }

  key(): string {
    return this.prng.uuid();
  }

  correlation(): string {
    return `ck_${this.prng.hex(20)}`;
  }

  charge(): string {
    return `ch_${this.tail(24)}`;
  }
}
