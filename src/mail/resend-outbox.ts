/**
 * Sends the messages an earlier delivery left in the outbox (failed, or written while no SMTP
 * server was configured), byte for byte as they were written, to the recipients in their
 * sidecars. Messages already sent are left alone, so resending twice never mails twice.
 * `interruptedOnly` picks just the messages whose sending a dying process cut off (queued, never
 * attempted): what a later run finishes delivering without anyone asking; failed ones wait for
 * an operator's `run --resend`, since they were reported as failed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/index.ts';
import { ConfigError, DataError } from '../errors/index.ts';
import type { RetryPolicy } from '../io/index.ts';
import type { Delivery } from './delivery.ts';
import { isUnsent, readEntries } from './outbox.ts';
import { sendEntry } from './send-entry.ts';
import { mailSender } from './smtp-send.ts';

export interface ResendOptions<L extends string> {
  /** The audiences this outbox holds messages for; a sidecar for another is refused. */
  readonly audiences: readonly L[];
  /** How an error names a message, e.g. "the finance report". */
  readonly what: (audience: L) => string;
  readonly retry?: RetryPolicy;
  readonly interruptedOnly?: boolean;
}

export async function resendOutbox<L extends string>(
  outboxDir: string,
  mail: ResolvedConfig['mail'],
  options: ResendOptions<L>,
): Promise<Delivery<L>[]> {
  if (!mail.smtpUrl) {
    throw new ConfigError(
      `no SMTP server is configured, so the messages in ${outboxDir} cannot be sent: set RESRECON_SMTP_URL`,
      'RESRECON_SMTP_URL',
    );
  }
  const pending = (await readEntries(outboxDir, options.audiences)).filter(({ entry }) =>
    options.interruptedOnly ? entry.status === 'pending' && entry.queued === true : isUnsent(entry),
  );
  if (pending.length === 0) return [];
  const sender = mailSender(mail, options.retry);
  const results: Delivery<L>[] = [];
  try {
    for (const { stem, entry } of pending) {
      const file = join(outboxDir, entry.eml);
      let raw: Buffer;
      try {
        raw = await readFile(file);
      } catch (err) {
        throw new DataError(
          `outbox message ${file} is missing; its sidecar is ${stem}.json`,
          { file },
          { cause: err },
        );
      }
      results.push(await sendEntry(sender, outboxDir, stem, entry, raw, file, options.what(entry.audience)));
    }
  } finally {
    sender.close();
  }
  return results;
}
