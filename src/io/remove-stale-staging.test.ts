import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleStaging, stagingFolder } from './remove-stale-staging.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const over = new Set(['run-done', 'run-abandoned']);
const isOver = async (id: string) => over.has(id);

describe('removeStaleStaging', () => {
  it('removes the partial folders of runs that are over, and of dead processes under the older names', async () => {
    dir = mkdtempSync(join(tmpdir(), 'resrecon-staging-'));
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    const names = [
      'a.partial-run-done',
      'b.partial-run-abandoned',
      'c.partial-run-going',
      'd.partial-someone-elses',
      `e.partial-${dead}`,
      `f.partial-${process.pid}`,
      'g',
    ];
    for (const name of names) mkdirSync(join(dir, name));
    const result = await removeStaleStaging(dir, async (id) => (id === 'run-going' ? false : isOver(id)));
    expect([...result.removed].sort()).toEqual([
      'a.partial-run-done',
      'b.partial-run-abandoned',
      `e.partial-${dead}`,
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      'c.partial-run-going',
      'd.partial-someone-elses',
      `f.partial-${process.pid}`,
      'g',
    ]);
  });

  it('names a run’s staging folder by its run id, safely', () => {
    expect(stagingFolder('/srv/out/r1', '20261201T020000Z-ab12cd')).toBe(
      '/srv/out/r1.partial-20261201T020000Z-ab12cd',
    );
    expect(stagingFolder('/srv/out/r1', '../x y')).toBe('/srv/out/r1.partial-.._x_y');
  });

  it('does nothing for a folder that does not exist', async () => {
    dir = join(tmpdir(), 'resrecon-staging-none');
    expect(await removeStaleStaging(dir, isOver)).toEqual({ removed: [], failed: [] });
  });
});
