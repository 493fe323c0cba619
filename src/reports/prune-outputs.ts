/**
 * Output retention: removes the output folders of earlier runs beyond `reports.keepRuns` (the
 * newest that many stay) and older than `reports.keepDays` (0: no age rule), so a year of nights
 * does not fill the disk. The run history in the state store says which folder each run wrote;
 * what it says is trusted only as far as the disk agrees: a folder goes only while it still holds
 * report.json of that same run, is a real folder (not a link to elsewhere) and holds no other
 * kept run's output nor the home. Never removed: a folder whose outbox still holds a message the
 * mail server has to take (the mail room's awaitsSending), the folder of a run still RUNNING, this
 * run's, and the one
 * `last-run.json` names. report.json is removed last, so a removal cut short is recognised, and
 * finished, by the next run. One result per folder looked at; nothing here throws for one folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { holdsMailToSend } from '../mail/index.ts';
import type { Store } from '../state/index.ts';
import { reportRunId } from './report-run-id.ts';
import { AUDIENCES } from './types.ts';

const DAY_MS = 86_400_000;

export interface PruneOptions {
  readonly store: Pick<Store, 'runOutputs' | 'recordOutputRemoved'>;
  /** The newest this many runs' folders are kept. */
  readonly keepRuns: number;
  /** Folders younger than this many days are kept too; 0: no age rule. */
  readonly keepDays: number;
  /** Where `last-run.json` is. */
  readonly home: string;
  /** The run that is pruning: its folder stays whatever the limits say. */
  readonly current: { readonly runId: string; readonly outDir: string };
  /** Default: now. */
  readonly now?: Date;
}

/** Why a folder beyond the limits stays. */
export type KeptReason =
  | 'unsent mail'
  | 'running'
  | 'current run'
  | 'last run'
  | 'holds a kept folder'
  | 'not its output'
  | 'gone';

export type PruneResult =
  | { readonly runId: string; readonly outDir: string; readonly outcome: 'removed' }
  | { readonly runId: string; readonly outDir: string; readonly outcome: 'kept'; readonly reason: KeptReason }
  | { readonly runId: string; readonly outDir: string; readonly outcome: 'failed'; readonly error: string };

/** The folder `last-run.json` names, or null when there is none; a malformed one is an error. */
function lastRunDir(home: string): string | null {
  const file = join(home, 'last-run.json');
  if (!existsSync(file)) return null;
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as { outDir?: unknown };
  if (typeof recorded.outDir !== 'string') throw new Error(`${file} names no output folder`);
  return resolve(recorded.outDir);
}

/** `inner` is `outer` or somewhere below it. */
function within(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Why the folder must stay although it is beyond the limits, or null when it may go. */
async function keepReason(dir: string, runId: string): Promise<KeptReason | null> {
  let stat: Awaited<ReturnType<typeof lstat>>;
  try {
    stat = await lstat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  if (!stat.isDirectory() || (await reportRunId(dir)) !== runId) return 'not its output';
  if (await holdsMailToSend(join(dir, 'outbox'), AUDIENCES)) return 'unsent mail';
  return null;
}

/** Everything but report.json first, then the folder: a removal cut short still looks like output. */
async function removeOutput(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name !== 'report.json') await rm(join(dir, name), { recursive: true, force: true });
  }
  await rm(dir, { recursive: true, force: true });
}

export async function pruneOutputs(options: PruneOptions): Promise<PruneResult[]> {
  const now = (options.now ?? new Date()).getTime();
  const runs = await options.store.runOutputs();
  const protectedDirs = [resolve(options.current.outDir)];
  const last = lastRunDir(options.home);
  if (last) protectedDirs.push(last);
  const beyond = runs.filter((r, i) => {
    if (i < options.keepRuns || r.outRemovedAt !== null) return false;
    const at = Date.parse(r.finishedAt ?? r.startedAt);
    return options.keepDays === 0 || now - at > options.keepDays * DAY_MS;
  });
  const going = new Set(beyond.map((r) => r.runId));
  // Folders that stay (other runs' outputs, the home): none of them may sit inside one that goes.
  const staying = [
    resolve(options.home),
    ...runs.filter((r) => !going.has(r.runId) && r.outRemovedAt === null).map((r) => resolve(r.outDir)),
  ];

  const results: PruneResult[] = [];
  for (const run of beyond) {
    const dir = resolve(run.outDir);
    const base = { runId: run.runId, outDir: run.outDir };
    const kept = (reason: KeptReason) => results.push({ ...base, outcome: 'kept', reason });
    if (run.status === 'RUNNING') kept('running');
    else if (run.runId === options.current.runId || within(protectedDirs[0]!, dir)) kept('current run');
    else if (last && within(last, dir)) kept('last run');
    else if (staying.some((d) => within(d, dir))) kept('holds a kept folder');
    else {
      try {
        const reason = await keepReason(dir, run.runId);
        if (reason) {
          kept(reason);
          continue;
        }
        await removeOutput(dir);
        await options.store.recordOutputRemoved(run.runId, run.outDir);
        results.push({ ...base, outcome: 'removed' });
      } catch (err) {
        results.push({ ...base, outcome: 'failed', error: (err as Error).message });
      }
    }
  }
  return results;
}
