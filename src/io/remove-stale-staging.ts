/**
 * Output folders are assembled as `<out>.partial-<run id>` and renamed into place when whole. A
 * process killed on the way (SIGKILL, power loss, a container stopped hard) leaves its partial
 * folder behind; the next run removes those of runs that are over. The run id, not the pid,
 * names the folder: in a container every process may be pid 1.
 *
 * A folder is removed only when its run is known and over (`isOver`), or, for the older
 * `.partial-<pid>` names, when that process is gone on this host. Anything else (another
 * deployment's run writing into the same parent, say) is left alone. Removal is best effort: a
 * folder that cannot be removed is reported, and never stops the run.
 */
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSafe } from './file-safe.ts';

const STAGING = /\.partial-([A-Za-z0-9._-]+)$/;

/** The staging folder of a run's output folder. */
export function stagingFolder(outDir: string, runId: string): string {
  return `${outDir}.partial-${fileSafe(runId)}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StaleStaging {
  readonly removed: readonly string[];
  /** Folders that looked stale but could not be removed, with why. */
  readonly failed: readonly { name: string; error: string }[];
}

/** Removes from `parent` the partial output folders of runs that are over. */
export async function removeStaleStaging(
  parent: string,
  isOver: (runId: string) => Promise<boolean>,
): Promise<StaleStaging> {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return { removed: [], failed: [] };
  }
  const removed: string[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const name of names) {
    const id = STAGING.exec(name)?.[1];
    if (!id) continue;
    const legacyPid = /^\d+$/.test(id) ? Number(id) : null;
    const stale =
      legacyPid !== null
        ? legacyPid !== process.pid && !alive(legacyPid)
        : await isOver(id).catch(() => false);
    if (!stale) continue;
    try {
      await rm(join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch (err) {
      failed.push({ name, error: (err as Error).message });
    }
  }
  return { removed, failed };
}
