import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';
import { openStore } from '../../state/index.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/resrecon.js');
/** util-linux `script`, which runs a command on a pseudo-terminal; the terminal test needs it. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Whether the demo store under `home` takes this password for this user. */
async function passwordWorks(storeHome: string, user: string, password: string): Promise<boolean> {
  const store = await openStore({ stateUrl: null, home: join(storeHome, 'demo') });
  try {
    return (await store.checkPassword(user, password)) !== null;
  } finally {
    await store.close();
  }
}

const home = mkdtempSync(join(tmpdir(), 'resrecon-users-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const env = { RESRECON_HOME: home, RESRECON_USER_PASSWORD: 'a long enough password' };

describe('resrecon users', () => {
  it('adds, lists and removes console users, keeping only a hash of the password', async () => {
    expect((await runCli(['users', 'add', 'anna', '--role', 'finance'], { cwd: home, env })).code).toBe(0);
    const listed = await runCli(['users', 'list'], { cwd: home, env });
    // The demo's store, which says so, and keeps its two local deciders beside the new user.
    expect(listed.stderr).toMatch(/DEMO DATA: .*demo's store/);
    const demoDeciders = [
      expect.objectContaining({ user: 'demo-finance', role: 'finance' }),
      expect.objectContaining({ user: 'demo-ops', role: 'approver' }),
    ];
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ user: 'anna', role: 'finance' }),
      ...demoDeciders,
    ]);
    expect(readFileSync(join(home, 'demo', 'state.sqlite')).includes('a long enough password')).toBe(false);
    expect((await runCli(['users', 'remove', 'anna'], { cwd: home, env })).code).toBe(0);
    expect(JSON.parse((await runCli(['users', 'list'], { cwd: home, env })).stdout)).toEqual(demoDeciders);
  });

  it('refuses an unknown role and a short password', async () => {
    const role = await runCli(['users', 'add', 'bob', '--role', 'admin'], { cwd: home, env });
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role must be one of viewer, approver, finance/);
    const short = await runCli(['users', 'add', 'bob', '--role', 'viewer'], {
      cwd: home,
      env: { ...env, RESRECON_USER_PASSWORD: 'short' },
    });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
  });

  it('takes the first line of a piped standard input as the password', async () => {
    const at = mkdtempSync(join(home, 'piped-'));
    const r = spawnSync(process.execPath, [BIN, 'users', 'add', 'pia', '--role', 'viewer'], {
      cwd: at,
      env: { PATH: process.env['PATH'] ?? '', RESRECON_HOME: at },
      input: 'piped password 1\nnot this line\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/password \(not shown/);
    expect(await passwordWorks(at, 'pia', 'piped password 1')).toBe(true);
  });

  it.skipIf(!hasScript)(
    'asks twice on a terminal and never shows what is typed, a typo taken back with backspace',
    async () => {
      const at = mkdtempSync(join(home, 'tty-'));
      // `script` gives the command a pseudo-terminal and copies what that terminal shows to stdout.
      const child = spawn(
        'script',
        ['-qec', `${process.execPath} ${BIN} users add tia --role viewer`, '/dev/null'],
        {
          cwd: at,
          env: { PATH: process.env['PATH'] ?? '', RESRECON_HOME: at, TERM: 'dumb' },
        },
      );
      let shown = '';
      const waiters: { text: string; done: () => void }[] = [];
      child.stdout.on('data', (c: Buffer) => {
        shown += c.toString('utf8');
        for (const w of waiters.splice(0)) {
          if (shown.includes(w.text)) w.done();
          else waiters.push(w);
        }
      });
      const until = (text: string): Promise<void> =>
        new Promise((done) => (shown.includes(text) ? done() : waiters.push({ text, done })));
      const exited = new Promise<number | null>((done) => child.on('exit', done));
      // Typed only once the prompt is up: before that the terminal still echoes.
      await until('password (not shown as you type)');
      child.stdin.write('terminal passwordX\u007f1\r');
      await until('the same password again');
      child.stdin.write('terminal password1\r');
      expect(await exited, shown).toBe(0);
      expect(shown).toMatch(/user tia added as viewer/);
      expect(shown).not.toMatch(/terminal password/);
      expect(await passwordWorks(at, 'tia', 'terminal password1')).toBe(true);
    },
  );
});
