/**
 * Sends one outbox message and records the outcome in its sidecar, so the outbox always says
 * which messages still have to go. A failure carries where the message is and how to resend it.
 */
import { dirname } from 'node:path';
import { ExternalError } from '../errors/index.ts';
import type { Delivery } from './delivery.ts';
import { type OutboxEntry, writeEntry } from './outbox.ts';
import type { SmtpSender } from './smtp-send.ts';

/** The hint every failure carries: where the message is and how to send it later. */
export function resendHint(file: string, runId: string): string {
  // file is <output folder>/outbox/<message>.eml
  const out = dirname(dirname(file));
  return `the message stays in ${file}; send it later with: npx resrecon run --resend ${runId} --out ${out}`;
}

/** Sends one outbox message and records the outcome in its sidecar; `what` names it in an error. */
export async function sendEntry<L extends string>(
  sender: SmtpSender,
  outboxDir: string,
  stem: string,
  entry: OutboxEntry<L>,
  raw: Buffer,
  file: string,
  what: string,
): Promise<Delivery<L>> {
  const { audience, to: recipients } = entry;
  try {
    const messageId = await sender.send({ from: entry.from, to: recipients }, raw, what);
    await writeEntry(outboxDir, stem, {
      ...entry,
      status: 'sent',
      attempts: entry.attempts + 1,
      lastError: null,
      sentAt: new Date().toISOString(),
      messageId,
    });
    return { audience, status: 'sent', file, recipients, messageId };
  } catch (err) {
    const error =
      err instanceof ExternalError
        ? new ExternalError(`${err.message}; ${resendHint(file, entry.runId)}`, err.system, {
            cause: err.cause,
          })
        : (err as Error);
    await writeEntry(outboxDir, stem, {
      ...entry,
      status: 'failed',
      attempts: entry.attempts + 1,
      lastError: error.message,
    });
    return { audience, status: 'failed', file, recipients, error };
  }
}
