import { describe, expect, it } from 'vitest';
import { perThousand } from './per-thousand.ts';

describe('perThousand', () => {
  it('gives copies per 1000 bookings to one decimal', () => {
    expect(perThousand(3, 200)).toBe(15);
    expect(perThousand(1, 3)).toBe(333.3);
    expect(perThousand(22, 9_800)).toBe(2.2);
    expect(perThousand(0, 500)).toBe(0);
  });

  it('reads copies above the bookings counted as the bookings, so the rate never passes 1000', () => {
    expect(perThousand(7, 3)).toBe(1000);
  });

  it('has no rate when no booking was counted', () => {
    expect(perThousand(4, 0)).toBeNull();
    expect(perThousand(0, 0)).toBeNull();
  });
});
