/**
 * The compiled build: `npm ci` (the `prepare` script) or `npm run build` compiles src/ to dist/
 * with every file the code reads beside itself, and bin/resrecon.js starts from it. Help and
 * version load none of the heavy packages, and `plans list` none it does not use. The first test
 * leaves a fresh build, so the later ones also show that the binary runs it (tsx never loads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const BIN = join(ROOT, 'bin', 'resrecon.js');

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
    .map((e) => relative(SRC, join(e.parentPath, e.name)));
}

/** The rule bin/resrecon.js applies: a finished build newer than every source file. */
function buildIsFresh(): boolean {
  const stamp = join(DIST, '.built');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return sourceFiles().every((f) => statSync(join(SRC, f)).mtimeMs <= built);
}

const scratch = mkdtempSync(join(tmpdir(), 'resrecon-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A module hook that prints each package the process loads, once, to stderr. */
const hook = join(scratch, 'hook.mjs');
writeFileSync(
  hook,
  `const seen = new Set();
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url);
  if (m && !seen.has(m[1])) { seen.add(m[1]); process.stderr.write('loaded ' + m[1] + '\\n'); }
  return r;
}
`,
);
const register = join(scratch, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hook}`)});\n`,
);

function loadedPackages(args: string[]): { status: number | null; packages: string[] } {
  const home = mkdtempSync(join(scratch, 'home-'));
  const r = spawnSync(process.execPath, ['--import', register, BIN, ...args], {
    cwd: home,
    env: { PATH: process.env['PATH'] ?? '', RESRECON_HOME: join(home, 'state') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    status: r.status,
    packages: r.stderr
      .split('\n')
      .filter((l) => l.startsWith('loaded '))
      .map((l) => l.slice('loaded '.length)),
  };
}

const HEAVY = [
  '@duckdb/node-api',
  'fastify',
  'playwright-core',
  'nodemailer',
  'juice',
  'handlebars',
  'pino',
  'node-cron',
  'prom-client',
  'pg',
];

describe('the compiled build', () => {
  it('holds every source file compiled and every file the code reads beside itself, and answers --help and --version', () => {
    if (!buildIsFresh()) {
      const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(built.status, built.stderr + built.stdout).toBe(0);
    }
    expect(buildIsFresh()).toBe(true);
    for (const file of sourceFiles()) {
      const compiled = file.endsWith('.ts') ? file.replace(/\.ts$/, '.js') : file;
      expect(existsSync(join(DIST, compiled)), compiled).toBe(true);
    }
    const fromDist = (args: string[]) =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { main } = await import(${JSON.stringify(join(DIST, 'cli', 'main.js'))});
           process.exitCode = await main(${JSON.stringify(args)});`,
        ],
        { cwd: scratch, encoding: 'utf8', timeout: 60_000 },
      );
    const help = fromDist(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: resrecon/);
    const version = fromDist(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 360_000);

  it('starts --help and --version loading the command-line parser and nothing heavier', () => {
    for (const args of [['--help'], ['--version'], ['plans', '--help']]) {
      const r = loadedPackages(args);
      expect(r.status, args.join(' ')).toBe(0);
      // The build is fresh (the first test saw to it): no tsx, no esbuild, the parser alone.
      expect(r.packages).toEqual(['commander']);
    }
  });

  it('lists plans without loading the warehouse, the console, the mailer or the PostgreSQL driver', () => {
    const r = loadedPackages(['plans', 'list', '--json']);
    expect(r.status).toBe(0);
    expect(r.packages).toContain('kysely');
    expect(r.packages).not.toContain('tsx');
    expect(r.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
  });
});
