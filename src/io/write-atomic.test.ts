import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAtomic } from './write-atomic.ts';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resrecon-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomic', () => {
  it('replaces a file whole and leaves no temporary file behind', async () => {
    const path = join(dir, 'last-run.json');
    writeFileSync(path, 'old');
    await writeAtomic(path, '{"runId":"r2"}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"runId":"r2"}\n');
    expect(readdirSync(dir)).toEqual(['last-run.json']);
  });

  it('leaves what was there and no temporary file when the rename cannot happen', async () => {
    // A folder stands where the file should go: the bytes are written, the rename fails.
    const path = join(dir, 'report.json');
    mkdirSync(path);
    writeFileSync(join(path, 'keep.txt'), 'kept');
    await expect(writeAtomic(path, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readFileSync(join(path, 'keep.txt'), 'utf8')).toBe('kept');
  });
});
