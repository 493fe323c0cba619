import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';
import { addDeciders } from '../../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../../test/support/make-set.ts';
import { reconcile } from '../../reconcile/index.ts';
import { REFUNDS_CSV_COLUMNS } from '../../reports/index.ts';
import { openStore } from '../../state/index.ts';

const BIN = new URL('../../../bin/resrecon.js', import.meta.url).pathname;
const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:25.000000Z';

let home = '';

/** Runs the real command line in this process, capturing what it prints. */
const cli = (...args: string[]) =>
  runCli(args, {
    cwd: home,
    env: { RESRECON_HOME: home, NO_COLOR: '1', RESRECON_STATE_URL: undefined, RESRECON_CONFIG: undefined },
  });

const clean = makeSet([
  makeMember('k1', T0, [{ paymentId: 'pk1' }]),
  makeMember('k2', T1, [{ paymentId: 'pk2' }]),
]);
const unknown = makeSet(
  [makeMember('u1', T0), makeMember('u2', T1, [{ paymentId: 'pu2', status: 'AUTHORIZED' }])],
  {
    rootCause: 'UNKNOWN',
  },
);
const other = makeSet([
  makeMember('v1', T0, [{ paymentId: 'pv1' }]),
  makeMember('v2', T1, [{ paymentId: 'pv2' }]),
]);
/** A refund past the limit (1,000.00): flagged LARGE_REFUND, it needs a second approval by finance. */
const large = makeSet(
  [
    makeMember('g1', T0, [{ paymentId: 'pg1', amount: '3120.00' }], { guestEmail: 'big@example.com' }),
    makeMember('g2', T1, [{ paymentId: 'pg2', amount: '3120.00' }], { guestEmail: 'big@example.com' }),
  ],
  {
    key: { email: 'big@example.com', checkIn: '2026-12-10', checkOut: '2026-12-13', roomTypeId: 'room-dbl' },
  },
);

/** A refund of AUD 31,199.30 from Jana Novak's copy: the terminal page's example. */
const paged = makeSet(
  [
    makeMember('j1', T0, [{ paymentId: 'pj1', amount: '31199.30' }], {
      guestName: 'Jana Novak',
      guestEmail: 'jana@example.com',
      currency: 'AUD',
      rateAmount: '31199.30',
    }),
    makeMember('j2', T1, [{ paymentId: 'pj2', amount: '31199.30' }], {
      guestName: 'Jana Novak',
      guestEmail: 'jana@example.com',
      currency: 'AUD',
      rateAmount: '31199.30',
    }),
  ],
  {
    key: { email: 'jana@example.com', checkIn: '2026-12-10', checkOut: '2026-12-13', roomTypeId: 'room-dbl' },
  },
);

/** A guest name typed with terminal escapes (clear the screen, red) and a line end in it. */
const HOSTILE_NAME = 'Eve\u001b[2J\u001b[31m Red\nSecond line\u202e';
const hostile = makeSet(
  [
    makeMember('h1', T0, [{ paymentId: 'ph1' }], { guestName: HOSTILE_NAME, guestEmail: 'eve@example.com' }),
    makeMember('h2', T1, [{ paymentId: 'ph2' }], { guestName: HOSTILE_NAME, guestEmail: 'eve@example.com' }),
  ],
  {
    key: { email: 'eve@example.com', checkIn: '2026-12-10', checkOut: '2026-12-13', roomTypeId: 'room-dbl' },
    evidence: [{ kind: 'missing-key', detail: 'client \u001b]0;pwned\u0007 sent no key' }],
  },
);

describe('resrecon plans', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-cli-plans-'));
    // A configured deployment: its embedded store lives in RESRECON_HOME itself.
    writeFileSync(join(home, 'resrecon.config.json'), '{}\n');
    const store = await openStore({ stateUrl: null, home });
    try {
      const result = await reconcile({
        runId: 'r1',
        sets: [clean, unknown, other, large, paged, hostile],
        store,
        options: OPTIONS,
      });
      for (const [setId, p] of result.plans) ids[setId] = p.plan.planId;
      await addDeciders(store, { ana: 'approver', bo: 'approver', fay: 'finance', vera: 'viewer' });
    } finally {
      await store.close();
    }
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('lists the plans as JSON with their status and flags', async () => {
    const { code, stdout } = await cli('plans', 'list', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { planId: string; status: string; flags: string }[];
    expect(rows.map((r) => r.planId).sort()).toEqual(Object.values(ids).sort());
    expect(rows.find((r) => r.planId === ids[unknown.setId])!.flags).toBe('UNKNOWN_CAUSE');
  });

  it('refuses a flagged plan in a batch, approves the clean one, and exits 1', async () => {
    const { code, stdout } = await cli(
      'plans',
      'approve',
      ids[clean.setId]!,
      ids[unknown.setId]!,
      '--by',
      'ana',
    );
    expect(code).toBe(1);
    const rows = JSON.parse(stdout) as { planId: string; result: string; error: string | null }[];
    expect(rows.map((r) => r.result)).toEqual(['APPROVED', 'REFUSED']);
    expect(rows[1]!.error).toMatch(/flagged \(UNKNOWN_CAUSE\)/);
  });

  it('approves a flagged plan on its own and shows the decision', async () => {
    expect(
      (await cli('plans', 'approve', ids[unknown.setId]!, '--by', 'ana', '--reason', 'checked the logs'))
        .code,
    ).toBe(0);
    const shown = JSON.parse((await cli('plans', 'show', ids[unknown.setId]!)).stdout);
    expect(shown.status).toBe('APPROVED');
    expect(shown.decisions[0]).toEqual(
      expect.objectContaining({ decidedBy: 'ana', reason: 'checked the logs' }),
    );
  });

  it('rejects only with a reason, and reports a wrong transition with exit status 1', async () => {
    expect((await cli('plans', 'reject', ids[other.setId]!, '--by', 'bo')).code).toBe(2);
    expect(
      (await cli('plans', 'reject', ids[other.setId]!, '--by', 'bo', '--reason', 'two rooms')).code,
    ).toBe(0);
    const again = await cli('plans', 'reject', ids[other.setId]!, '--by', 'bo', '--reason', 'again');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/REJECTED: it cannot become REJECTED/);
  });

  it('exports the approved plans\u2019 refunds and voids as the finance CSV, leaving out rejected plans', async () => {
    const out = join(home, 'refunds.csv');
    expect((await cli('plans', 'export', '--out', out)).code).toBe(0);
    const [header, ...lines] = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(header).toBe(REFUNDS_CSV_COLUMNS.join(','));
    const cells = lines.map((l) => l.split(','));
    const at = (name: (typeof REFUNDS_CSV_COLUMNS)[number]) => REFUNDS_CSV_COLUMNS.indexOf(name);
    expect(
      cells
        .map((c) => [
          c[at('action')],
          c[at('payment_id')],
          c[at('amount')],
          c[at('plan_status')],
          c[at('plan_id')],
        ])
        .sort(),
    ).toEqual(
      [
        ['refund', 'pk2', '240.00', 'APPROVED', ids[clean.setId]],
        ['void', 'pu2', '240.00', 'APPROVED', ids[unknown.setId]],
      ].sort(),
    );
    // The rejected plan has nothing to move, whatever status is asked for.
    const rejected = await cli('plans', 'export', '--status', 'REJECTED');
    expect(rejected.stdout.replace(/^\uFEFF/, '').trim()).toBe(REFUNDS_CSV_COLUMNS.join(','));
  });

  it('shows in plans list the money each plan still moves, in its currency\u2019s decimals: none for a rejected plan', async () => {
    const rows = JSON.parse((await cli('plans', 'list', '--json')).stdout) as Record<string, string>[];
    const row = (setId: string) => rows.find((r) => r['planId'] === ids[setId])!;
    expect(row(clean.setId)).toEqual(
      expect.objectContaining({ status: 'APPROVED', refunds: 'EUR 240.00', voids: '' }),
    );
    expect(row(unknown.setId)).toEqual(expect.objectContaining({ refunds: '', voids: 'EUR 240.00' }));
    expect(row(other.setId)).toEqual(expect.objectContaining({ status: 'REJECTED', refunds: '', voids: '' }));
  });

  it('lists a plan retired with no replacement only with --all, marked as not current', async () => {
    const gone = makeSet([
      makeMember('n1', T0, [{ paymentId: 'pn1' }]),
      makeMember('n2', T1, [{ paymentId: 'pn2' }]),
    ]);
    const legit = makeSet(gone.members, { verdict: 'LEGITIMATE', rootCause: null });
    const store = await openStore({ stateUrl: null, home });
    let planId = '';
    try {
      const first = await reconcile({ runId: 'r2', sets: [gone], store, options: OPTIONS });
      planId = first.plans.get(gone.setId)!.plan.planId;
      await reconcile({ runId: 'r3', sets: [legit], store, options: OPTIONS });
    } finally {
      await store.close();
    }
    const current = JSON.parse((await cli('plans', 'list', '--json')).stdout) as { planId: string }[];
    expect(current.map((r) => r.planId)).not.toContain(planId);
    const all = JSON.parse((await cli('plans', 'list', '--all', '--json')).stdout) as {
      planId: string;
      status: string;
      current: boolean;
    }[];
    expect(all.find((r) => r.planId === planId)).toEqual(
      expect.objectContaining({ status: 'SUPERSEDED', current: false }),
    );
    expect(all.find((r) => r.planId === ids[clean.setId])).toEqual(
      expect.objectContaining({ current: true }),
    );
  });

  it('refuses a decision by a name that is no user, and by a viewer, with exit status 1', async () => {
    const id = ids[other.setId]!;
    const nobody = await cli('plans', 'approve', ids[large.setId]!, '--by', 'nobody');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /nobody is not a resrecon user: plans are decided by a user with the approver or finance role/,
      ),
    ]);
    const viewer = await cli('plans', 'reject', id, '--by', 'vera', '--reason', 'looks odd');
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/vera has the viewer role, which may not decide plans/);
    const listed = JSON.parse((await cli('plans', 'list', '--json')).stdout) as {
      planId: string;
      status: string;
    }[];
    expect(listed.find((r) => r.planId === ids[large.setId])!.status).toBe('PROPOSED');
  });

  it('shows a large refund approved once as awaiting the second approval, and refuses that to a user without the finance role (exit status 1, one line naming the role)', async () => {
    const id = ids[large.setId]!;
    const row = async () =>
      (JSON.parse((await cli('plans', 'list', '--json')).stdout) as Record<string, string>[]).find(
        (r) => r['planId'] === id,
      )!;
    expect(await row()).toEqual(expect.objectContaining({ flags: 'LARGE_REFUND' }));
    const first = await cli('plans', 'approve', id, '--by', 'ana');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)[0]).toEqual(
      expect.objectContaining({ result: 'APPROVED', awaiting: 'Awaiting second approval (finance)' }),
    );
    expect(await row()).toEqual(
      expect.objectContaining({ status: 'APPROVED', awaiting: 'Awaiting second approval (finance)' }),
    );
    const byApprover = await cli('plans', 'approve', id, '--by', 'bo');
    expect(byApprover.code).toBe(1);
    const lines = byApprover.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /the second approval of plan \S+ \(a refund past the limit, LARGE_REFUND\) needs the finance role; bo has the approver role/,
    );
    const shown = JSON.parse((await cli('plans', 'show', id)).stdout);
    expect(shown).toEqual(
      expect.objectContaining({
        awaiting: 'SECOND_APPROVAL',
        statusText: 'Awaiting second approval (finance)',
      }),
    );
    const byFinance = await cli('plans', 'approve', id, '--by', 'fay');
    expect(byFinance.code, byFinance.stderr).toBe(0);
    expect(await row()).toEqual(expect.objectContaining({ status: 'APPROVED', awaiting: '' }));
    const third = await cli('plans', 'approve', id, '--by', 'bo');
    expect(third.code).toBe(1);
    expect(third.stderr).toMatch(/already approved: it waits for no further approval/);
  });

  it('lists the plans on a terminal as a table with guest, cause, flags in words and money grouped by thousands', async () => {
    const { code, stdout } = await cli('plans', 'list', '--format', 'table');
    expect(code).toBe(0);
    const [header, ...lines] = stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual([
      'plan',
      'status',
      'guest',
      'cause',
      'flags',
      'cancels',
      'refund',
      'void',
      'transfer',
      'created',
    ]);
    const line = lines.find((l) => l.startsWith(ids[paged.setId]!))!;
    expect(line).toContain('Jana Novak');
    expect(line).toContain('Retry without idempotency key');
    expect(line).toContain('large refund');
    expect(line).toContain('AUD 31,199.30');
    expect(line).not.toContain('31199.30');
    expect(line).toMatch(/\d+ \w{3} \d{4} \d\d:\d\d UTC$/);
    expect(lines.find((l) => l.startsWith(ids[unknown.setId]!))).toContain('unknown cause');
    // Every line is as long as the header's columns allow: the columns line up.
    const refundAt = header!.indexOf('refund') + 'refund'.length;
    expect(line.slice(refundAt - 'AUD 31,199.30'.length, refundAt)).toBe('AUD 31,199.30');
  });

  it('keeps the machine form of plans list when piped or asked: codes and plain fields, with guest and cause added', async () => {
    const piped = JSON.parse((await cli('plans', 'list')).stdout) as Record<string, unknown>[];
    const asked = JSON.parse((await cli('plans', 'list', '--format', 'json')).stdout) as Record<
      string,
      unknown
    >[];
    expect(asked).toEqual(piped);
    expect(piped.find((r) => r['planId'] === ids[paged.setId])).toEqual(
      expect.objectContaining({
        setId: paged.setId,
        status: 'PROPOSED',
        awaiting: 'Awaiting approval',
        keep: 'j1',
        cancel: 1,
        refunds: 'AUD 31,199.30',
        flags: 'LARGE_REFUND',
        guest: 'Jana Novak',
        cause: 'NO_KEY',
      }),
    );
    expect((await cli('plans', 'list', '--format', 'html')).code).toBe(2);
  });

  it('shows a plan on a terminal as a page: why, bookings by confirmation number, steps, money, decisions and the command to run next', async () => {
    const id = ids[paged.setId]!;
    const show = async () => {
      const r = await cli('--config', 'resrecon.config.json', 'plans', 'show', id, '--format', 'table');
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const page = await show();
    expect(page.split('\n')[0]).toBe(`Plan ${id}  Awaiting approval`);
    for (const text of [
      'Retry without idempotency key, confidence 0.95 (NO_KEY, rule no-key)',
      '- the creating requests carry no Idempotency-Key',
      'Guest      Jana Novak <jana@example.com>',
      'Stay       10 Dec 2026 → 13 Dec 2026, room-dbl at prop-1',
      'Inventory  3 room nights of the copies go back on sale',
      'large refund: refunds of AUD 31,199.30 exceed the AUD 1,000.00 limit',
      'keep   j1 (CN-j1), CONFIRMED, created 2 Nov 2026 10:15:23 UTC',
      'cancel j2 (CN-j2), CONFIRMED, created 2 Nov 2026 10:15:25 UTC',
      'payment pj2 CAPTURED AUD 31,199.30',
      '1. Cancel j2 (CN-j2) as a duplicate',
      '2. Refund AUD 31,199.30 on payment pj2',
      'Email the guest at jana@example.com to say which booking stays',
      'Refunds    AUD 31,199.30',
      'Voids      none',
      'none yet',
      'Who may: ana, bo, fay.',
      `resrecon --config resrecon.config.json plans approve ${id} --by <user>`,
      `resrecon --config resrecon.config.json plans reject ${id} --by <user> --reason "why it is wrong"`,
    ])
      expect(page, text).toContain(text);
    expect(page).not.toMatch(/[{}]|31199\.30/);

    expect((await cli('plans', 'approve', id, '--by', 'ana', '--reason', 'called the guest')).code).toBe(0);
    const second = await show();
    expect(second.split('\n')[0]).toBe(`Plan ${id}  Awaiting second approval (finance)`);
    expect(second).toMatch(/Approved by ana, \d+ \w{3} \d{4} \d\d:\d\d UTC: called the guest/);
    expect(second).toContain('by a user with the finance role other than ana. Who may: fay.');
    expect(second).toContain(`resrecon --config resrecon.config.json plans approve ${id} --by fay`);

    expect((await cli('plans', 'approve', id, '--by', 'fay')).code).toBe(0);
    const approved = await show();
    expect(approved.split('\n')[0]).toBe(`Plan ${id}  Approved`);
    expect(approved).toContain(`resrecon --config resrecon.config.json execute ${id} --dry-run`);
    expect(approved).toContain('2. Refund AUD 31,199.30 on payment pj2');
  });

  it('prints text from the booking data inert on a terminal: escape sequences and line ends are shown, not obeyed', async () => {
    const id = ids[hostile.setId]!;
    const list = (await cli('plans', 'list', '--format', 'table')).stdout;
    const page = (await cli('plans', 'show', id, '--format', 'table')).stdout;
    for (const out of [list, page]) {
      for (const raw of ['\u001b', '\u0007', '\u202e']) expect(out).not.toContain(raw);
      expect(out).toContain('Eve\\u001b[2J\\u001b[31m Red\\u000aSecond');
    }
    expect(page).toContain('Eve\\u001b[2J\\u001b[31m Red\\u000aSecond line\\u202e <eve@example.com>');
    expect(page).toContain('client \\u001b]0;pwned\\u0007 sent no key');
    expect(list.split('\n').filter((l) => l.startsWith(id))).toHaveLength(1);
  });

  it('shows a plan as JSON when piped, with --json or --format json, as scripts read it', async () => {
    const id = ids[paged.setId]!;
    const piped = JSON.parse((await cli('plans', 'show', id)).stdout);
    expect(JSON.parse((await cli('plans', 'show', id, '--json')).stdout)).toEqual(piped);
    expect(JSON.parse((await cli('plans', 'show', id, '--format', 'json')).stdout)).toEqual(piped);
    expect(piped).toEqual(
      expect.objectContaining({
        status: 'APPROVED',
        statusText: 'Approved',
        setId: paged.setId,
        set: expect.objectContaining({ rootCause: 'NO_KEY' }),
      }),
    );
    expect(piped.decisions.map((d: { decidedBy: string }) => d.decidedBy).sort()).toEqual(['ana', 'fay']);
  });

  it('ends quietly with exit status 0 when the reader of its output has gone (plans list | head)', async () => {
    const child = spawn(process.execPath, [BIN, 'plans', 'list', '--format', 'table'], {
      cwd: home,
      env: { PATH: process.env['PATH'] ?? '', RESRECON_HOME: home, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader closes before a line is written, as head does once it has its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += String(c);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  }, 60_000);

  it('refuses an unknown --status with exit status 2', async () => {
    expect((await cli('plans', 'list', '--status', 'DONE')).code).toBe(2);
  });
});
