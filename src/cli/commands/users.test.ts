import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';

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
});
