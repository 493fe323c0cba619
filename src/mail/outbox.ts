/**
 * The outbox is the write-ahead log of delivery: every message is written as .eml before any
 * attempt to send it, with a small JSON sidecar (recipients, status, last error) when it has
 * recipients. A message that could not be sent stays here until resendOutbox delivers it.
 * Files are written to a temporary name and renamed, so a crash never leaves half a message.
 * Who a message is for (`audience`) is a plain label the sender chooses: the reports use their
 * three audiences.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors/index.ts';
import { fileSafe, writeAtomic } from '../io/index.ts';

export interface OutboxEntry<L extends string = string> {
  readonly runId: string;
  readonly audience: L;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly sentAt: string | null;
  readonly messageId: string | null;
  /** The .eml beside this sidecar, by file name. */
  readonly eml: string;
  /**
   * Written to be sent at once over SMTP. A `pending` message so marked was cut off by the
   * process dying before its attempt; the next run sends it (resendOutbox's `interruptedOnly`).
   */
  readonly queued?: boolean;
}

/**
 * Whether a message has not been sent: queued, failed, cut off by a dying process, or written
 * while no mail server was configured. What `run --resend` sends.
 */
export function isUnsent(entry: OutboxEntry): boolean {
  return entry.status !== 'sent';
}

/**
 * Whether a message still waits for a mail server: one that failed, or one queued for sending
 * and cut off by a dying process. A message written while no mail server was configured is
 * not waiting: the outbox was its delivery (the run said so, NO_SMTP), and `run --resend` can
 * still send it while its folder is kept.
 */
export function awaitsSending(entry: OutboxEntry): boolean {
  return entry.status === 'failed' || (entry.status === 'pending' && entry.queued === true);
}

/**
 * Whether the outbox holds a message still waiting for a mail server (awaitsSending): the one
 * answer for output retention, which never removes such a folder. A sidecar that cannot be read
 * is an error (readEntries'), so a caller deciding to delete never takes an unreadable outbox for
 * an empty one.
 */
export async function holdsMailToSend(outboxDir: string, audiences: readonly string[]): Promise<boolean> {
  return (await readEntries(outboxDir, audiences)).some(({ entry }) => awaitsSending(entry));
}

/** File name stem for a run's message: only safe characters, whatever the run id holds. */
export function messageStem(runId: string, audience: string): string {
  return `${fileSafe(runId)}-${audience}`;
}

export async function writeMessage(outboxDir: string, stem: string, raw: Buffer): Promise<string> {
  await mkdir(outboxDir, { recursive: true });
  const path = join(outboxDir, `${stem}.eml`);
  await writeAtomic(path, raw);
  return path;
}

export async function writeEntry(outboxDir: string, stem: string, entry: OutboxEntry): Promise<void> {
  await writeAtomic(join(outboxDir, `${stem}.json`), `${JSON.stringify(entry, null, 2)}\n`);
}

/**
 * Every sidecar in the outbox, with its stem; a sidecar that is not ours (or is for an audience
 * not among `audiences`) is an error naming the file.
 */
export async function readEntries<L extends string>(
  outboxDir: string,
  audiences: readonly L[],
): Promise<{ stem: string; entry: OutboxEntry<L> }[]> {
  let files: string[];
  try {
    files = await readdir(outboxDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: { stem: string; entry: OutboxEntry<L> }[] = [];
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    const path = join(outboxDir, file);
    let entry: OutboxEntry<L>;
    try {
      entry = JSON.parse(await readFile(path, 'utf8')) as OutboxEntry<L>;
    } catch (err) {
      throw new DataError(`outbox sidecar ${path} is not valid JSON`, { file: path }, { cause: err });
    }
    if (!audiences.includes(entry.audience) || !Array.isArray(entry.to) || typeof entry.eml !== 'string') {
      throw new DataError(`outbox sidecar ${path} is not a resrecon message record`, { file: path });
    }
    out.push({ stem: file.slice(0, -'.json'.length), entry });
  }
  return out;
}
