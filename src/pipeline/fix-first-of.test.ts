import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientNight, ROOT_CAUSES, type RootCause } from '../model/index.ts';
import type { RunHistoryEntry } from '../reports/index.ts';
import { openStore, type Store } from '../state/index.ts';
import { fixFirstOf } from './fix-first-of.ts';

const none = Object.fromEntries(ROOT_CAUSES.map((c) => [c, 0])) as Record<RootCause, number>;
const day = (d: number): string => new Date(Date.UTC(2026, 10, d)).toISOString();
const span = (d: number) => ({ from: day(d), to: day(d + 1) });

function earlierRun(d: number): RunHistoryEntry {
  return {
    runId: `run-${d}`,
    window: span(d),
    finishedAt: new Date(Date.UTC(2026, 10, d + 1, 3)).toISOString(),
    byRootCause: none,
    duplicateSets: 0,
  };
}

function night(d: number, clientId: string, copies: number): ClientNight {
  return {
    ...span(d),
    clientId,
    bookings: 100,
    copies,
    byCause: { NO_KEY: copies },
    atStake: [{ currency: 'EUR', amount: `${copies * 100}.00`, count: copies }],
    exampleSetIds: [`dup_${clientId}_${d}`],
  };
}

let home = '';
let store: Store;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'resrecon-fix-first-'));
  store = await openStore({ stateUrl: null, home });
});
afterAll(async () => {
  await store?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('fixFirstOf', () => {
  it('says nothing is recorded when the store holds no night yet', async () => {
    const ranked = await fixFirstOf(store, { runId: 'run-10', window: span(10) }, []);
    expect(ranked).toEqual({ period: span(10), nights: 0, mainCurrency: null, rows: [] });
  });

  it("ranks the stored nights of the trend's period: the earlier runs' windows and this run's", async () => {
    const nights = [night(1, 'web@1', 5), night(8, 'ios@2', 2), night(9, 'web@1', 1), night(10, 'ios@2', 3)];
    for (const n of nights) await store.recordClientNights('seed', [n], [n]);
    // The trend draws the runs of the 8th and the 9th beside this one: the 1st is outside.
    const ranked = await fixFirstOf(store, { runId: 'run-10', window: span(10) }, [
      earlierRun(8),
      earlierRun(9),
    ]);
    expect(ranked.period).toEqual({ from: day(8), to: day(11) });
    expect(ranked.nights).toBe(3);
    expect(ranked.rows.map((r) => [r.clientId, r.copies, r.exampleSetIds])).toEqual([
      ['ios@2', 5, ['dup_ios@2_10', 'dup_ios@2_8']],
      ['web@1', 1, ['dup_web@1_9']],
    ]);
  });
});
