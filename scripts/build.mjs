#!/usr/bin/env node
// Compiles src/ to dist/ once (npm runs this as `prepare` during `npm ci`, and as `npm run
// build`), so the binary starts without compiling TypeScript at each call. The files the code
// reads beside itself (SQL, JSON rule catalogs, schema.sql) are copied along; templates/ and
// fixtures/ stay at the repository root, where dist/<room>/ reaches them as src/<room>/ does.
// Plain JavaScript: it runs before anything else is built.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src`;
const dist = `${root}dist`;
// Built beside dist and swapped in when complete, so a binary starting meanwhile never reads a
// half-written build: it finds either the old stamp or none (and then runs the sources).
const next = `${root}dist.next`;

if (!existsSync(src)) {
  // The Dockerfile installs the dependencies before it copies the sources (a layer that survives
  // source changes), then builds.
  console.error('resrecon build: no src/ yet; skipped');
  process.exit(0);
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // `npm ci --omit=dev` (a production image) has no compiler; the image copies a finished
  // dist/ from its build stage instead, and without one the binary runs the sources.
  console.error('resrecon build: TypeScript is not installed (production dependencies only); skipped');
  process.exit(0);
}

const began = new Date();
rmSync(next, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(compiled.status ?? 1);
}
cpSync(src, next, { recursive: true, filter: (path) => !path.endsWith('.ts') });
// The stamp is written last and dated when the build began: bin/resrecon.js runs dist/ only when
// it is newer than every source file, so a file edited during the build counts as newer.
writeFileSync(`${next}/.built`, `${began.toISOString()}\n`);
utimesSync(`${next}/.built`, began, began);
rmSync(dist, { recursive: true, force: true });
renameSync(next, dist);
if (!existsSync(`${dist}/cli/main.js`)) {
  console.error('resrecon build: dist/cli/main.js is missing after the build');
  process.exit(1);
}
