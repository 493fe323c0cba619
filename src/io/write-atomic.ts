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

/**
 * The same for a file too large to build as one string: the pieces are written as they come,
 * in writes of about a mebibyte, then the file is renamed into place.
 */
export async function writeAtomicPieces(path: string, pieces: Iterable<string>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      let buffer: string[] = [];
      let size = 0;
      for (const piece of pieces) {
        buffer.push(piece);
        size += piece.length;
        if (size >= 1 << 20) {
          await handle.write(buffer.join(''));
          buffer = [];
          size = 0;
        }
      }
      if (buffer.length > 0) await handle.write(buffer.join(''));
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
