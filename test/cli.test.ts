import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../bin/resrecon.js', import.meta.url).pathname;

function resrecon(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const home = mkdtempSync(join(tmpdir(), 'resrecon-cli-'));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    env: { PATH: process.env['PATH'] ?? '', RESRECON_HOME: join(home, 'state'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  rmSync(home, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the resrecon command line', () => {
  it('answers --help on every command with exit status 0', () => {
    for (const args of [['--help'], ['run', '--help'], ['plans', '--help'], ['simulate', '--help']]) {
      const r = resrecon(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: resrecon/);
    }
  });

  it("prints the package's version with --version, the version the changelog's newest entry names", () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const r = resrecon(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const newest = /^## Changelog\n\n- (\d+\.\d+\.\d+)/m.exec(readme)?.[1];
    expect(newest).toBe(version);
  });

  it('rejects an unknown flag with exit status 2 and no stack trace', () => {
    const r = resrecon(['run', '--frm', '2026-01-01']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frm'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the setting when a configuration value is wrong (exit status 2)', () => {
    const r = resrecon(['run', '--no-email'], { RESRECON_SMTP_URL: 'mail.example.com:25' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/RESRECON_SMTP_URL/);
  });

  it('says in one line that the source database is unreachable, without its password (exit status 1)', () => {
    const r = resrecon(['run', '--no-email', '--source', 'postgresql://app:hunter2@127.0.0.1:1/bookings']);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^resrecon: source database .*cannot connect/);
    expect(lines.filter((l) => l.startsWith('resrecon:'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('hunter2');
  });

  it('refuses a window that ends before it starts', () => {
    const r = resrecon(['run', '--from', '2026-11-02', '--to', '2026-11-01']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/window is empty/);
  });
});
