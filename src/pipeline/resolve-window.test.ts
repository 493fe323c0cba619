import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveWindow } from './resolve-window.ts';

const dir = mkdtempSync(join(tmpdir(), 'resrecon-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveWindow', () => {
  it('writes a manifest window as the store writes instants, whatever form the manifest used', () => {
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ window: { from: '2026-11-01T02:00:00+02:00', to: '2026-11-08T00:00:00Z' } }),
    );
    const window = resolveWindow({ kind: 'files', dir, demo: false }, {});
    expect(window).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' });
  });

  it('writes the command line window the same way', () => {
    const window = resolveWindow(
      { kind: 'files', dir, demo: false },
      { from: '2026-10-01', to: '2026-10-02T00:00Z' },
    );
    expect(window).toEqual({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' });
  });
});
