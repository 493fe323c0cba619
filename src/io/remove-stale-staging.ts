/**
 * Output folders are assembled as `<out>.partial-<pid>` and renamed into place when whole. A
 * process killed on the way (SIGKILL, power loss) leaves its partial folder behind; the next run
 * removes those of processes that are gone. A folder whose pid is alive, or that does not look
 * like ours, is left alone: a reused pid keeps a stale folder for one more run, never the reverse.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

const STAGING = /\.partial-(\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the partial output folders of dead processes in `parent`; returns their names. */
export async function removeStaleStaging(parent: string): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    const pid = Number(STAGING.exec(name)?.[1] ?? Number.NaN);
    return Number.isInteger(pid) && pid !== process.pid && !alive(pid);
  });
  for (const name of stale) await rm(join(parent, name), { recursive: true, force: true });
  return stale;
}
