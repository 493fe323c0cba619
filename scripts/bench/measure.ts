/**
 * The measurements the whole-run benchmark takes: the floor (psql \copy of the five source tables
 * to /dev/null, the least any extract can cost), one whole run of the compiled binary, and the sizes
 * of what it left (files, and each email's HTML and attachments as the outbox holds them).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';

const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/resrecon.js', import.meta.url));
export const TABLES = ['Reservation', 'Payment', 'IdempotencyRecord', 'IdempotencyLock', 'api_logs'] as const;

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Milliseconds to copy every row of the five tables out as CSV into /dev/null, one psql each. */
export async function floorMs(url: string): Promise<number> {
  let total = 0;
  for (const table of TABLES) {
    const t0 = performance.now();
    await exec('psql', [
      url,
      '-X',
      '-q',
      '-c',
      `\\copy (SELECT * FROM "${table}") TO '/dev/null' WITH (FORMAT csv)`,
    ]);
    total += performance.now() - t0;
  }
  return Math.round(total);
}

export async function sourceRows(url: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { stdout } = await exec('psql', [
      url,
      '-X',
      '-q',
      '-t',
      '-A',
      '-c',
      `SELECT count(*) FROM "${table}"`,
    ]);
    out[table] = Number(stdout.trim());
  }
  return out;
}

export interface RunMeasure {
  readonly wallMs: number;
  readonly timings: Record<string, number>;
  readonly maxRssMiB: number;
  /** Peak RSS as it stood at the end of each stage. */
  readonly peakRssMiB: Readonly<Record<string, number>>;
  readonly sets: number;
  readonly outDir: string;
}

/** The environment of a measured run: this one's, less any resrecon setting, plus its home. */
function runEnv(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RESRECON_')));
  return { ...env, RESRECON_HOME: home };
}

/**
 * One whole run as a deployment starts it: `node bin/resrecon.js run … --json` in a process of
 * its own (its peak RSS is the run's alone, DuckDB included), in `home` (created if missing, and
 * the working folder, so no configuration file nearby is read), emails into the outbox. The wall
 * time is the process's, start to exit; the stage times and peak RSS come from its JSON page.
 * Call ensureBuilt first, or the binary compiles the sources at each start.
 */
export function wholeRun(
  url: string,
  from: string,
  to: string,
  home: string,
  out: string,
): Promise<RunMeasure> {
  mkdirSync(home, { recursive: true });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [BIN, 'run', '--source', url, '--from', from, '--to', to, '--out', out, '--json'],
      { cwd: home, env: runEnv(home), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Math.round(performance.now() - t0);
      if (code !== 0) return reject(new Error(`run failed (exit ${code}): ${stderr.slice(-2000)}`));
      const page = JSON.parse(stdout) as RunPage;
      resolve({
        wallMs,
        timings: page.timings,
        peakRssMiB: page.peakRssMiB,
        maxRssMiB: Math.max(0, ...Object.values(page.peakRssMiB)),
        sets: page.duplicateSets + page.legitimateSets,
        outDir: out,
      });
    });
  });
}

/** What the benchmarks read of `run --json` (docs/contracts.md). */
interface RunPage {
  readonly duplicateSets: number;
  readonly legitimateSets: number;
  readonly timings: Record<string, number>;
  readonly peakRssMiB: Record<string, number>;
}

export interface OutputSizes {
  readonly files: Record<string, number>;
  /** Per audience: the email's HTML bytes and its attachments' bytes as sent. */
  readonly emails: Record<string, { html: number; attachments: Record<string, number> }>;
}

export async function outputSizes(outDir: string): Promise<OutputSizes> {
  const files: Record<string, number> = {};
  for (const f of readdirSync(outDir)) {
    const p = join(outDir, f);
    if (statSync(p).isFile()) files[f] = statSync(p).size;
  }
  const emails: OutputSizes['emails'] = {};
  const outbox = join(outDir, 'outbox');
  for (const f of readdirSync(outbox).filter((x) => x.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(join(outbox, f)));
    const audience = f
      .replace(/\.eml$/, '')
      .split('-')
      .at(-1)!;
    emails[audience] = {
      html: Buffer.byteLength(typeof mail.html === 'string' ? mail.html : ''),
      attachments: Object.fromEntries(mail.attachments.map((a) => [a.filename ?? '?', a.size])),
    };
  }
  return { files, emails };
}
