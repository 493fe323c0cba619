import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import type { LabelledSet } from '../model/index.ts';
import { openStore, type Store } from '../state/index.ts';
import { reconcile } from './index.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, 0) + minute * 60_000).toISOString();

/** Seven DUPLICATE sets, each a paid original and a paid copy created within the same hour. */
function burstNight(): LabelledSet[] {
  const sets = Array.from({ length: 7 }, (_, i) =>
    makeSet([
      makeMember(`o${i}`, at(i * 5), [{ paymentId: `po${i}` }]),
      makeMember(`c${i}`, at(i * 5 + 1), [{ paymentId: `pc${i}` }]),
    ]),
  );
  const legit = makeSet([makeMember('g1', at(0)), makeMember('g2', at(0))], {
    verdict: 'LEGITIMATE',
    rootCause: null,
  });
  const badDates = makeSet([
    makeMember('x1', at(300)),
    makeMember('x2', at(301), [], { checkOut: '2026-12-01' }),
  ]);
  return [...sets, legit, badDates];
}

describe.each([
  ['embedded SQLite', null],
  ['PostgreSQL', 'pg'],
] as const)('reconcile with the store on %s', (_name, kind) => {
  let store: Store;
  let home = '';
  let database: TestDatabase | null = null;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-reconcile-'));
    database = kind ? await createTestDatabase('reconcile_run') : null;
    store = await openStore({ stateUrl: database?.url ?? null, home });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it('plans every DUPLICATE set, leaves the burst to the reports, and reports the set it cannot plan', async () => {
    const result = await reconcile({ runId: 'n1', sets: burstNight(), store, options: OPTIONS });
    expect(result.plans.size).toBe(7);
    for (const p of result.plans.values()) {
      expect(p).toEqual(expect.objectContaining({ status: 'PROPOSED', isNew: true }));
      // The burst is an incident for the reports, not a flag on each plan of that hour.
      expect(p.plan.flags).toEqual([]);
      expect(p.plan.refunds).toHaveLength(1);
    }
    expect(result.failed).toEqual([
      { setId: burstNight().at(-1)!.setId, error: expect.stringMatching(/not after checkIn/) },
    ]);
  });

  it('creates no new plans when the same window runs again', async () => {
    const before = await store.listPlans({ includeSuperseded: true });
    const result = await reconcile({ runId: 'n2', sets: burstNight(), store, options: OPTIONS });
    expect([...result.plans.values()].every((p) => !p.isNew)).toBe(true);
    expect(await store.listPlans({ includeSuperseded: true })).toHaveLength(before.length);
  });
});
