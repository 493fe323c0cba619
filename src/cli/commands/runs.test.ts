import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';
import { openStore, type RunRecord } from '../../state/index.ts';

let home = '';

const cli = (...args: string[]) =>
  runCli(args, {
    cwd: home,
    env: { RESRECON_HOME: home, NO_COLOR: '1', RESRECON_STATE_URL: undefined, RESRECON_CONFIG: undefined },
  });

describe('resrecon runs', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-cli-runs-'));
    writeFileSync(join(home, 'resrecon.config.json'), '{}\n');
    const store = await openStore({ stateUrl: null, home });
    try {
      // An older night whose output folder retention has since removed.
      await store.recordRunStart({
        runId: 'r-old',
        kind: 'nightly',
        window: { from: '2026-09-01T00:00:00.000Z', to: '2026-09-02T00:00:00.000Z' },
        startedAt: '2026-09-02T02:00:00.000Z',
      });
      await store.recordRunFinish({
        runId: 'r-old',
        status: 'SUCCEEDED',
        finishedAt: '2026-09-02T02:00:03.000Z',
        outDir: join(home, 'out', 'r-old'),
      });
      await store.recordOutputRemoved('r-old', join(home, 'out', 'r-old'));
      await store.recordRunStart({
        runId: 'r-night',
        kind: 'nightly',
        window: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' },
        startedAt: '2026-11-02T02:00:00.000Z',
      });
      await store.recordRunFinish({
        runId: 'r-night',
        status: 'SUCCEEDED',
        finishedAt: '2026-11-02T02:00:04.500Z',
        outDir: join(home, 'out', 'r-night'),
        counts: {
          reservationsScanned: 50_000,
          duplicateSets: 47,
          legitimateSets: 18,
          byRootCause: { NO_KEY: 30, TIMEOUT_RETRY: 10, RACE: 4, MISSING_DEDUP: 2, UNKNOWN: 1 },
          moneyAtStake: [
            { currency: 'JPY', amount: '1200000' },
            { currency: 'AUD', amount: '31199.30' },
          ],
        },
      });
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('shows on a terminal the money at stake per currency, grouped by thousands in each currency’s decimals', async () => {
    const { code, stdout } = await cli('runs', '--format', 'table');
    expect(code).toBe(0);
    const [header, line] = stdout.trimEnd().split('\n');
    expect(header).toMatch(
      /^run\s+kind\s+window\s+status\s+duplicates\s+causes\s+at stake\s+took\s+output\s+error$/,
    );
    expect(line).toContain('r-night');
    expect(line).toContain('AUD 31,199.30 and JPY 1,200,000');
    expect(line).toContain('4.5 s');
    expect(line).not.toContain('31199.30');
    expect(line).toContain(join(home, 'out', 'r-night'));
  });

  it('shows an output folder that retention removed as removed, not as its path', async () => {
    const { stdout } = await cli('runs', '--format', 'table');
    const line = stdout.split('\n').find((l) => l.startsWith('r-old'))!;
    expect(line).toMatch(/\sremoved(\s|$)/);
    expect(line).not.toContain(join(home, 'out', 'r-old'));
    const old = (JSON.parse((await cli('runs')).stdout) as RunRecord[]).find((r) => r.runId === 'r-old')!;
    expect(old.outRemovedAt).toEqual(expect.any(String));
  });

  it('answers run --resend of such a run that retention removed its folder', async () => {
    const { code, stderr } = await cli('run', '--resend', 'r-old');
    expect(code).toBe(2);
    expect(stderr).toContain(
      `run r-old's output folder ${join(home, 'out', 'r-old')} was removed by retention`,
    );
  });

  it('keeps the full records as JSON when piped or asked, amounts as plain decimals', async () => {
    const piped = JSON.parse((await cli('runs')).stdout) as RunRecord[];
    expect(JSON.parse((await cli('runs', '--json')).stdout)).toEqual(piped);
    expect(JSON.parse((await cli('runs', '--format', 'json')).stdout)).toEqual(piped);
    expect(piped[0]!.counts!.moneyAtStake).toEqual([
      { currency: 'JPY', amount: '1200000' },
      { currency: 'AUD', amount: '31199.30' },
    ]);
  });
});
