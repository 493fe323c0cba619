import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleStaging } from './remove-stale-staging.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('removeStaleStaging', () => {
  it('removes the partial folders of dead processes and keeps those of live ones and everything else', async () => {
    dir = mkdtempSync(join(tmpdir(), 'resrecon-staging-'));
    // A pid that surely is gone: a child that has exited.
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    for (const name of [
      `a.partial-${dead}`,
      `b.partial-${process.pid}`,
      `c.partial-${process.ppid}`,
      'd',
      'e.partial-x',
    ])
      mkdirSync(join(dir, name));
    expect(await removeStaleStaging(dir)).toEqual([`a.partial-${dead}`]);
    expect(readdirSync(dir).sort()).toEqual([
      `b.partial-${process.pid}`,
      `c.partial-${process.ppid}`,
      'd',
      'e.partial-x',
    ]);
  });

  it('does nothing for a folder that does not exist', async () => {
    dir = join(tmpdir(), 'resrecon-staging-none');
    expect(await removeStaleStaging(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
