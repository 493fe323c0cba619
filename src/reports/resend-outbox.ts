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
import { type DeliverOptions, mailSender } from './deliver-reports.ts';
import { readEntries } from './outbox.ts';
import { sendEntry } from './send-entry.ts';
import type { DeliveryResult } from './types.ts';

export interface ResendOptions extends DeliverOptions {
  readonly interruptedOnly?: boolean;
}

export async function resendOutbox(
  outboxDir: string,
  mail: ResolvedConfig['mail'],
  options: ResendOptions = {},
): Promise<DeliveryResult[]> {
  if (!mail.smtpUrl) {
    throw new ConfigError(
      `no SMTP server is configured, so the messages in ${outboxDir} cannot be sent: set RESRECON_SMTP_URL`,
      'RESRECON_SMTP_URL',
    );
  }
  const pending = (await readEntries(outboxDir)).filter(({ entry }) =>
    options.interruptedOnly ? entry.status === 'pending' && entry.queued === true : entry.status !== 'sent',
  );
  if (pending.length === 0) return [];
  const sender = mailSender(mail, options);
  const results: DeliveryResult[] = [];
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
      results.push(await sendEntry(sender, outboxDir, stem, entry, raw, file));
    }
  } finally {
    sender.close();
  }
  return results;
}
