#!/usr/bin/env node
// The one binary. It runs the compiled build in dist/ (made by `npm ci` through the `prepare`
// script, or `npm run build`) when that build is newer than every file under src/; otherwise it
// runs the TypeScript sources through tsx, which compiles them at each start (seconds, not a
// fraction of one), so an edit to src/ is never answered by a stale build.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** When the build in dist/ began, or undefined when there is no finished build. */
function builtAt() {
  try {
    return statSync(new URL('dist/.built', root)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Whether any source file (tests aside) changed after `since`; a few milliseconds of stat calls. */
function sourcesNewerThan(since) {
  let entries;
  try {
    entries = readdirSync(new URL('src/', root), { recursive: true, withFileTypes: true });
  } catch {
    return false; // an image that ships dist/ without src/
  }
  for (const e of entries) {
    if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
    // A file gone between the listing and its stat (an editor's swap file) is no newer source.
    if ((statSync(`${e.parentPath}/${e.name}`, { throwIfNoEntry: false })?.mtimeMs ?? 0) > since) return true;
  }
  return false;
}

const built = builtAt();
const fresh = built !== undefined && !sourcesNewerThan(built);
let main;
if (fresh) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  // Only on a terminal: scripts and tests read stderr, and the answer is the same either way.
  if (process.stderr.isTTY)
    process.stderr.write(
      `resrecon: ${built === undefined ? 'there is no build in dist/' : 'the build in dist/ is older than src/'}, ` +
        'so this start compiles the sources (slow); `npm run build` makes starts fast\n',
    );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
