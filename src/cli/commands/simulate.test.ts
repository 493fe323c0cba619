import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';
import { createTestDatabase, TEST_PG_BASE, type TestDatabase } from '../../../test/support/pg.ts';

let db: TestDatabase;

const cli = (...args: string[]) => runCli(args);

beforeAll(async () => {
  db = await createTestDatabase('sim_cli');
});

afterAll(async () => {
  await db?.drop();
});

describe('resrecon simulate', () => {
  it('fills an empty database and prints the summary as JSON', async () => {
    const r = await cli(
      'simulate',
      '--target',
      db.url,
      '--reservations',
      '1500',
      '--seed',
      '5',
      '--mix',
      '60/25/10/5',
    );
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      rows: Record<string, number>;
      duplicateSets: Record<string, number>;
    };
    expect(summary.rows['Reservation']).toBe(1500);
    expect(Object.keys(summary.duplicateSets).sort()).toEqual([
      'MISSING_DEDUP',
      'NO_KEY',
      'RACE',
      'TIMEOUT_RETRY',
    ]);
  });

  it('refuses the same database a second time with one line naming --target, exit status 2', async () => {
    const r = await cli('simulate', '--target', db.url, '--reservations', '1500');
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/already has .*Reservation.*\(check --target\)$/);
    expect(r.stdout).toBe('');
  });

  it('reports an unreachable database in one line without the password, exit status 1', async () => {
    const r = await cli(
      'simulate',
      '--target',
      'postgresql://postgres:s3cret@127.0.0.1:1/none',
      '--reservations',
      '1500',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach the target database 127.0.0.1:1/none');
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('takes the shares of the realities by name, and refuses an unknown one or a share above 1 with exit status 2', async () => {
    const other = await createTestDatabase('sim_cli_realities');
    try {
      const r = await cli(
        'simulate',
        '--target',
        other.url,
        '--reservations',
        '1000',
        '--seed',
        '6',
        '--realities',
        'lateCommits=0.3, retryLoops=0,initials=0.1',
      );
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout) as {
        realities: Record<string, number>;
        duplicateVariants: Record<string, number>;
      };
      expect(summary.realities).toMatchObject({
        lateCommits: 0.3,
        retryLoops: 0,
        initials: 0.1,
        clockDrift: 0.1,
      });
      expect(summary.duplicateVariants['retry-loop']).toBe(0);
      expect(summary.duplicateVariants['late-commit']).toBeGreaterThan(0);
    } finally {
      await other.drop();
    }
    for (const bad of ['lateCommit=0.1', 'initials=1.5', 'initials', 'initials=many']) {
      const r = await cli('simulate', '--target', db.url, '--realities', bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1), bad).toMatch(/realities/);
    }
  });

  it('makes a release regress from the night --regress-from names, with --regress-share of its bookings re-sent without a key', async () => {
    const other = await createTestDatabase('sim_cli_regress');
    try {
      const r = await cli(
        'simulate',
        '--target',
        other.url,
        '--reservations',
        '1500',
        '--seed',
        '8',
        '--from',
        '2026-10-01T00:00:00Z',
        '--to',
        '2026-10-05T00:00:00Z',
        '--regress',
        'android-app@5.1.0',
        '--regress-from',
        '2026-10-03',
        '--regress-share',
        '0.2',
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('android-app@5.1.0 regresses from the night of 2026-10-03');
      const summary = JSON.parse(r.stdout) as {
        realities: Record<string, number>;
        releaseRegression: Record<string, unknown>;
      };
      expect(summary.realities['releaseRegressions']).toBe(0.2);
      expect(summary.releaseRegression).toMatchObject({
        client: 'android-app',
        release: 'android-app@5.1.0',
        replaces: ['android-app@5.0.3', 'android-app@4.9.2'],
        firstNight: '2026-10-03',
        share: 0.2,
      });
      expect(summary.releaseRegression['sets']).toBeGreaterThan(0);
    } finally {
      await other.drop();
    }
    const refused: [string[], RegExp][] = [
      [['--regress', 'ios-app@3.4.0'], /--regress and --regress-from go together/],
      [['--regress-from', '2026-10-15'], /--regress and --regress-from go together/],
      [['--regress', 'pager@1.0', '--regress-from', '2026-10-15'], /new release of a simulated client/],
      [['--regress', 'ios-app@3.2.1', '--regress-from', '2026-10-15'], /already runs/],
      [['--regress', 'ios-app@3.4.0', '--regress-from', '2026-02-30'], /UTC date/],
      [['--regress', 'ios-app@3.4.0', '--regress-from', '2027-01-01'], /not a night of the window/],
      [
        ['--regress', 'ios-app@3.4.0', '--regress-from', '2026-10-15', '--regress-share', '2'],
        /releaseRegressions/,
      ],
      [
        [
          '--regress',
          'ios-app@3.4.0',
          '--regress-from',
          '2026-10-15',
          '--regress-share',
          '0.1',
          '--realities',
          'releaseRegressions=0.2',
        ],
        /given twice/,
      ],
    ];
    for (const [args, why] of refused) {
      const r = await cli('simulate', '--target', db.url, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1), args.join(' ')).toMatch(why);
    }
  });

  it('rejects a malformed --mix or --reservations as a command-line error, exit status 2', async () => {
    expect((await cli('simulate', '--target', db.url, '--mix', '60/40')).code).toBe(2);
    expect((await cli('simulate', '--target', db.url, '--reservations', 'many')).code).toBe(2);
    expect((await cli('simulate', '--target', db.url, '--from', 'yesterday')).code).toBe(2);
  });

  it('creates the target database when the server has none of that name, and says so', async () => {
    // Capitals and a hyphen: the name is created as written, a quoted identifier.
    const name = `Sim-New_${randomBytes(4).toString('hex')}`;
    const url = new URL(TEST_PG_BASE);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: TEST_PG_BASE });
    await admin.connect();
    try {
      const r = await cli('simulate', '--target', url.toString(), '--reservations', '300');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`created the database 127.0.0.1:5432/${name}, which did not exist`);
      expect(JSON.parse(r.stdout).rows['Reservation']).toBe(300);
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      expect(found.rowCount).toBe(1);
      // An existing database is used as it is, without the line.
      const again = await cli('simulate', '--target', db.url, '--reservations', '300');
      expect(again.stderr).not.toContain('created the database');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
