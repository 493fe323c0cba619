import { describe, expect, it } from 'vitest';
import { nightSpans } from './night-spans.ts';

describe('nightSpans', () => {
  it('keeps a nightly window, or one up to two days, as one night', () => {
    expect(nightSpans({ from: '2026-10-01T02:00:00Z', to: '2026-10-02T02:00:00Z' })).toEqual([
      { from: '2026-10-01T02:00:00.000Z', to: '2026-10-02T02:00:00.000Z' },
    ]);
    expect(nightSpans({ from: '2026-10-01T00:00:00Z', to: '2026-10-03T00:00:00Z' })).toHaveLength(1);
  });

  it('splits a longer window into its UTC days, cut at the window’s ends', () => {
    expect(nightSpans({ from: '2026-10-01T02:00:00Z', to: '2026-10-04T06:00:00Z' })).toEqual([
      { from: '2026-10-01T02:00:00.000Z', to: '2026-10-02T00:00:00.000Z' },
      { from: '2026-10-02T00:00:00.000Z', to: '2026-10-03T00:00:00.000Z' },
      { from: '2026-10-03T00:00:00.000Z', to: '2026-10-04T00:00:00.000Z' },
      { from: '2026-10-04T00:00:00.000Z', to: '2026-10-04T06:00:00.000Z' },
    ]);
    expect(nightSpans({ from: '2026-10-01T00:00:00Z', to: '2026-10-31T00:00:00Z' })).toHaveLength(30);
  });

  it('refuses a window it cannot read', () => {
    expect(() => nightSpans({ from: 'yesterday', to: '2026-10-02T00:00:00Z' })).toThrow(/not a window/);
  });
});
