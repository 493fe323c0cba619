import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { REGRESSION_DEFAULTS, resolveConfig } from '../config/index.ts';
import type { ClientNight, RunReport } from '../model/index.ts';
import { openStore } from '../state/index.ts';
import { judgeClientNights } from './client-nights.ts';

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

describe('judging a night against the stored nights', () => {
  it('names a regression 50 nights old from its first night, judging only the last night', async () => {
    const DAY = 86_400_000;
    const start = Date.UTC(2026, 6, 1, 2);
    const span = (i: number) => ({
      from: new Date(start + (i - 1) * DAY).toISOString(),
      to: new Date(start + i * DAY).toISOString(),
    });
    const nightOf = (i: number, clientId: string, bookings: number, copies: number): ClientNight => ({
      ...span(i),
      clientId,
      bookings,
      copies,
      byCause: copies > 0 ? { NO_KEY: copies } : {},
      atStake: [],
      exampleSetIds: [],
    });
    const store = await openStore({ stateUrl: null, home: mkdtempSync(join(home, 'history-')) });
    try {
      // 14 clean nights at ~2 per 1000, then 3.5.0 at ~40 per 1000 from night 15 to night 64.
      for (let i = 1; i <= 64; i++) {
        const nights =
          i < 15
            ? [nightOf(i, 'ios-app@3.4.0', 1000, 2)]
            : [nightOf(i, 'ios-app@3.4.0', 300, 1), nightOf(i, 'ios-app@3.5.0', 700, 39)];
        await store.recordClientNights(`run-${i}`, [span(i)], nights);
      }
      const night = span(65);
      const sets = Array.from({ length: 40 }, (_, k) => {
        const t = Date.parse(night.from) + (k + 1) * 60_000;
        return makeSet(
          [
            makeMember(`o${k}`, new Date(t).toISOString(), [{}], { clientId: 'ios-app@3.5.0' }),
            makeMember(`c${k}`, new Date(t + 2_000).toISOString(), [{}], { clientId: 'ios-app@3.5.0' }),
          ],
          { rootCause: 'NO_KEY' },
        );
      });
      const found = await judgeClientNights({
        store,
        runId: 'run-65',
        spans: [night],
        bookings: [
          { ...night, clientId: 'ios-app@3.4.0', bookings: 300 },
          { ...night, clientId: 'ios-app@3.5.0', bookings: 700 },
        ],
        sets,
        plans: [],
        options: REGRESSION_DEFAULTS,
        record: true,
      });
      expect(found.map((r) => [r.client, r.release, r.firstNight, r.lastNight, r.nights])).toEqual([
        ['ios-app', '3.5.0', span(15), night, 51],
      ]);
    } finally {
      await store.close();
    }
  });
});
