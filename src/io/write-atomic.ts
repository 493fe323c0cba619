/**
 * Writes a file so that a reader sees the old content or the new, never half of it: the bytes
 * go to a temporary name beside the target, reach the disk, and are renamed into place.
 */
import { type FileHandle, open, rename, rm } from 'node:fs/promises';

async function replaceFile(path: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await write(handle);
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

export async function writeAtomic(path: string, data: string | Buffer): Promise<void> {
  await replaceFile(path, async (handle) => {
    await handle.writeFile(data);
  });
}

/**
 * The same for a file too large to build as one string: the pieces are written as they come,
 * in writes of about a mebibyte, then the file is renamed into place.
 */
export async function writeAtomicPieces(path: string, pieces: Iterable<string>): Promise<void> {
  await replaceFile(path, async (handle) => {
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
  });
}
