/**
 * The benchmarks run the compiled binary, as a user's `npm ci` leaves it: a start that compiles
 * TypeScript (what bin/resrecon.js falls back to when dist/ is older than src/) is a cost no
 * deployment pays. So before measuring, dist/ is rebuilt whenever a source file is newer than its
 * stamp, by the same test the binary makes.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function builtAt(): number | undefined {
  return statSync(`${ROOT}dist/.built`, { throwIfNoEntry: false })?.mtimeMs;
}

function sourcesNewerThan(since: number): boolean {
  for (const e of readdirSync(`${ROOT}src`, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
    if ((statSync(`${e.parentPath}/${e.name}`, { throwIfNoEntry: false })?.mtimeMs ?? 0) > since) return true;
  }
  return false;
}

/** Builds dist/ when it is missing or older than src/; says so on `log`. */
export function ensureBuilt(log: (line: string) => void): void {
  const built = builtAt();
  if (built !== undefined && !sourcesNewerThan(built)) return;
  log(built === undefined ? 'building dist/ (none yet) …' : 'rebuilding dist/ (older than src/) …');
  const r = spawnSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
  const again = builtAt();
  if (again === undefined || sourcesNewerThan(again))
    throw new Error('dist/ is still older than src/ after the build (a source changed meanwhile?)');
}
