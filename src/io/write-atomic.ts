/**
 * Writes a file so that a reader sees the old content or the new, never half of it: the bytes
 * go to a temporary name beside the target, reach the disk, and are renamed into place.
 */
import { open, rename, rm } from 'node:fs/promises';

export async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
