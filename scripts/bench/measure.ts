/**
 * The measurements the whole-run benchmark takes: the floor (psql \copy of the five source tables
 * to /dev/null, the least any extract can cost), one whole run in a child process, and the sizes
 * of what it left (files, and each email's HTML and attachments as the outbox holds them).
 */
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';

const exec = promisify(execFile);
const CHILD = fileURLToPath(new URL('./run-child.ts', import.meta.url));
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

export function wholeRun(
  url: string,
  from: string,
  to: string,
  home: string,
  out: string,
): Promise<RunMeasure> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, from, to, home, out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => {
      const wallMs = Math.round(performance.now() - t0);
      if (code !== 0) return reject(new Error(`run failed (exit ${code}): ${stderr.slice(-2000)}`));
      const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<RunMeasure, 'wallMs' | 'maxRssMiB'> & {
        maxRssKiB: number;
      };
      resolve({
        wallMs,
        timings: r.timings,
        peakRssMiB: r.peakRssMiB,
        maxRssMiB: Math.round(r.maxRssKiB / 1024),
        sets: r.sets,
        outDir: r.outDir,
      });
    });
  });
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
