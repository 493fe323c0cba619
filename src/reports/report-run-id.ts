/**
 * Which run wrote a folder's report.json, read from the file's first bytes: reportJsonPieces
 * writes the run's fields first and `runId` is the first of them, and the whole file can be
 * hundreds of megabytes at a hundred thousand sets. Null when the folder holds no report.json of
 * that shape, so a folder resrecon did not write is never taken for one it did.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';

const HEAD_BYTES = 4096;
const RUN_ID = /^\{\s*"runId":\s*("(?:[^"\\\n]|\\.)*")/;

export async function reportRunId(dir: string): Promise<string | null> {
  let head: string;
  try {
    const file = await open(join(dir, 'report.json'), 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw err;
  }
  const literal = RUN_ID.exec(head)?.[1];
  if (!literal) return null;
  const runId: unknown = JSON.parse(literal);
  return typeof runId === 'string' ? runId : null;
}
