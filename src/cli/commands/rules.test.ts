/**
 * Decisions as labels from the command line: `plans reject --category`, `plans approve --keep`
 * counted as wrong-keep, and `rules list` / `rules reviewed`, on a real embedded store.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';
import { addDeciders } from '../../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../../test/support/make-set.ts';
import {
  causeLabel,
  type LabelledSet,
  REJECTION_CATEGORIES,
  rejectionCategoryLabel,
} from '../../model/index.ts';
import { reconcile } from '../../reconcile/index.ts';
import { openStore } from '../../state/index.ts';

let home = '';
const cli = (...args: string[]) =>
  runCli(args, {
    cwd: home,
    env: { RESRECON_HOME: home, NO_COLOR: '1', RESRECON_STATE_URL: undefined, RESRECON_CONFIG: undefined },
  });

function setOf(name: string): LabelledSet {
  const email = `${name}@example.com`;
  return makeSet(
    [
      makeMember(`${name}1`, '2026-11-02T10:15:23.100000Z', [{ paymentId: `p${name}1` }], {
        guestEmail: email,
      }),
      makeMember(`${name}2`, '2026-11-02T10:15:25.000000Z', [{ paymentId: `p${name}2` }], {
        guestEmail: email,
      }),
    ],
    { key: { email, checkIn: '2026-12-10', checkOut: '2026-12-13', roomTypeId: 'room-dbl' } },
  );
}

const byCategory = REJECTION_CATEGORIES.map((c) => ({
  category: c.code,
  set: setOf(`c${c.code.replaceAll('-', '')}`),
}));
const plain = setOf('plain');
const keep = setOf('keep');
const unknown = setOf('unknown');
const ids = new Map<string, string>();
const planOf = (set: LabelledSet) => ids.get(set.setId)!;

interface Shown {
  decisions: { decision: string; category: string | null; reason: string | null }[];
  audit: { action: string; detail: Record<string, unknown> }[];
}

describe('decisions as labels on the command line', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-cli-rules-'));
    writeFileSync(join(home, 'resrecon.config.json'), '{}\n');
    const store = await openStore({ stateUrl: null, home });
    try {
      const saved = await reconcile({
        runId: 'r1',
        sets: [...byCategory.map((c) => c.set), plain, keep, unknown],
        store,
        options: OPTIONS,
      });
      for (const [setId, p] of saved.plans) ids.set(setId, p.plan.planId);
      await addDeciders(store, { ana: 'approver', vera: 'viewer' });
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('stores, audits and shows a rejection with each category', async () => {
    for (const { category, set } of byCategory) {
      const done = await cli(
        'plans',
        'reject',
        planOf(set),
        '--by',
        'ana',
        '--reason',
        `because ${category}`,
        '--category',
        category,
      );
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toEqual([{ planId: planOf(set), result: 'REJECTED', category }]);
      const shown = JSON.parse((await cli('plans', 'show', planOf(set))).stdout) as Shown;
      expect(shown.decisions).toEqual([
        expect.objectContaining({ decision: 'REJECTED', category, reason: `because ${category}` }),
      ]);
      expect(shown.audit.find((a) => a.action === 'PLAN_REJECTED')!.detail).toEqual(
        expect.objectContaining({ category, reason: `because ${category}` }),
      );
      const page = await cli('plans', 'show', planOf(set), '--format', 'table');
      expect(page.stdout).toContain(`Rejected by ana`);
      expect(page.stdout).toContain(`[${rejectionCategoryLabel(category)}]: because ${category}`);
    }
  });

  it('stores a rejection without --category as other, and says so', async () => {
    const done = await cli('plans', 'reject', planOf(plain), '--by', 'ana', '--reason', 'no idea');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('no --category given: stored as "other"');
    const shown = JSON.parse((await cli('plans', 'show', planOf(plain))).stdout) as Shown;
    expect(shown.decisions[0]!.category).toBe('other');
  });

  it('refuses an unknown category with exit status 2, naming the allowed ones, and stores nothing', async () => {
    const done = await cli(
      'plans',
      'reject',
      planOf(unknown),
      '--by',
      'ana',
      '--reason',
      'x',
      '--category',
      'typo',
    );
    expect(done.code).toBe(2);
    expect(done.stderr).toContain(
      '--category must be one of not-a-duplicate, wrong-keep, wrong-amount, already-handled, other (not "typo")',
    );
    const shown = JSON.parse((await cli('plans', 'show', planOf(unknown))).stdout) as Shown & {
      status: string;
    };
    expect(shown.status).toBe('PROPOSED');
    expect(shown.decisions).toEqual([]);
  });

  it('counts an approval with another keep as wrong-keep, in the decision, the audit and the rules list', async () => {
    const proposed = JSON.parse((await cli('plans', 'show', planOf(keep))).stdout) as {
      plan: { keepReservationId: string };
    };
    const other = keep.reservationIds.find((id) => id !== proposed.plan.keepReservationId)!;
    const done = await cli('plans', 'approve', planOf(keep), '--by', 'ana', '--keep', other);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('stored as category wrong-keep');
    const shown = JSON.parse((await cli('plans', 'show', planOf(keep))).stdout) as Shown;
    expect(shown.decisions[0]).toEqual(
      expect.objectContaining({ decision: 'APPROVED', category: 'wrong-keep' }),
    );
    const listed = JSON.parse((await cli('rules', 'list', '--json')).stdout) as {
      byRule: {
        key: string;
        decided: number;
        approvedAsProposed: number;
        wrongKeep: number;
        rejected: Record<string, number>;
      }[];
    };
    expect(listed.byRule).toEqual([
      expect.objectContaining({
        key: 'no-key',
        decided: 7,
        approvedAsProposed: 0,
        wrongKeep: 1,
        rejected: {
          'not-a-duplicate': 1,
          'wrong-keep': 1,
          'wrong-amount': 1,
          'already-handled': 1,
          other: 2,
        },
      }),
    ]);
  });

  it('lists the measured precision per rule and per cause on a terminal', async () => {
    const page = await cli('rules', 'list', '--format', 'table');
    expect(page.code, page.stderr).toBe(0);
    expect(page.stdout).toMatch(/no-key\s+7\s+0\s+0\.00 \(0\.00–0\.35\)/);
    expect(page.stdout).toMatch(new RegExp(`${causeLabel('NO_KEY')}\\s+7\\s+0`));
    expect(page.stdout).toContain('2 rejected as another reason');
  });

  it('records a look at a rule by a decider, audited, and refuses a viewer and a rule no set carries', async () => {
    const viewer = await cli('rules', 'reviewed', 'no-key', '--by', 'vera');
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toContain('vera has the viewer role, which may not review rules');
    const typo = await cli('rules', 'reviewed', 'no-kee', '--by', 'ana');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('no set in the store was labelled by rule no-kee');
    const done = await cli(
      'rules',
      'reviewed',
      'no-key',
      '--by',
      'ana',
      '--note',
      'the keyless client again',
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('rule no-key reviewed by ana');
    const store = await openStore({ stateUrl: null, home });
    try {
      expect(await store.ruleReviews()).toEqual([
        expect.objectContaining({ ruleId: 'no-key', reviewedBy: 'ana', note: 'the keyless client again' }),
      ]);
      const audit = await store.audit({});
      expect(audit.find((a) => a.action === 'RULE_REVIEWED')).toEqual(
        expect.objectContaining({
          actor: 'ana',
          detail: { rule: 'no-key', note: 'the keyless client again' },
        }),
      );
    } finally {
      await store.close();
    }
  });

  it('lists the rules commands in the help', async () => {
    const help = await cli('--help');
    expect(help.stdout).toMatch(/rules\s+how well each rule is doing/);
  });
});
