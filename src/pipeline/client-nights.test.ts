import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import { resolveConfig } from '../config/index.ts';
import type { RunReport } from '../model/index.ts';
import { openStore } from '../state/index.ts';

const home = mkdtempSync(join(tmpdir(), 'resrecon-client-nights-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("a manual run's clients' nights", () => {
  it('records the night of every booking under its client, reports the regressions it judged, and alerts nobody', async () => {
    const out = join(home, 'out');
    const ran = await runCli(['run', '--no-email', '--out', out], {
      cwd: home,
      env: { RESRECON_HOME: home },
    });
    expect(ran.code, ran.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    // Judged against no stored baseline: nothing to report, and said as an empty list.
    expect(report.regressions).toEqual([]);
    const config = resolveConfig({ cwd: home, env: { RESRECON_HOME: home } });
    const store = await openStore({ stateUrl: null, home: config.localDir });
    try {
      const nights = await store.clientNights(report.window.from, report.window.to);
      expect(nights.length).toBeGreaterThan(1);
      expect(nights.reduce((a, n) => a + n.bookings, 0)).toBe(report.totals.reservationsScanned);
      // Every copy of the window's duplicate sets is in some client's night.
      const copies = report.sets
        .filter((s) => s.verdict === 'DUPLICATE')
        .reduce(
          (a, s) =>
            a +
            s.members
              .map((m) => Date.parse(m.createdAt))
              .sort((x, y) => x - y)
              .slice(1)
              .filter((t) => t >= Date.parse(report.window.from) && t < Date.parse(report.window.to)).length,
          0,
        );
      expect(nights.reduce((a, n) => a + n.copies, 0)).toBe(copies);
    } finally {
      await store.close();
    }
    expect(existsSync(join(config.localDir, 'outbox', 'alerts'))).toBe(false);
  }, 120_000);
});
