/**
 * Sends one raw message over SMTP with retries and exponential backoff. Connection failures and
 * 4xx replies are retried (the server may be restarting or greylisting); a 5xx reply is final,
 * since sending the same thing again gets the same answer, and so is silence past the timeout
 * (mail.timeoutMs), which would otherwise be waited out once per attempt. The failure is an ExternalError that
 * names the setting to check and the server, its password removed.
 */
import nodemailer from 'nodemailer';
import { type ResolvedConfig, redactUrl } from '../config/index.ts';
import { ExternalError } from '../errors/index.ts';
import { type RetryPolicy, retry } from '../io/index.ts';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 2_000 };
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface SmtpSender {
  send(envelope: { from: string; to: readonly string[] }, raw: Buffer, what: string): Promise<string>;
  close(): void;
}

function silent(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ETIMEDOUT';
}

function permanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
}

/**
 * The server never answered (refused, unreachable, silent past the timeout), as opposed to
 * answering with a refusal: the next message would fare no better, so delivery stops trying.
 */
export function unanswered(err: unknown): boolean {
  const cause = err instanceof ExternalError ? err.cause : err;
  return typeof (cause as { responseCode?: unknown } | undefined)?.responseCode !== 'number';
}

export function smtpSender(
  smtpUrl: string,
  policy: RetryPolicy = DEFAULT_RETRY,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): SmtpSender {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: Math.min(15_000, timeoutMs),
    greetingTimeout: Math.min(15_000, timeoutMs),
    socketTimeout: timeoutMs,
  });
  return {
    async send(envelope, raw, what) {
      const sent = await retry(
        policy,
        async () => {
          const info = await transport.sendMail({
            envelope: { from: envelope.from, to: [...envelope.to] },
            raw,
          });
          return info.messageId ?? '';
        },
        // A server silent for the whole timeout is not asked again in this run: that would
        // multiply the wait by the attempts. It waits in the outbox for a resend instead.
        { retryable: (err) => !permanent(err) && !silent(err) },
      );
      if (sent.ok) return sent.value;
      const { error: last, attempts } = sent;
      // Silence reads the same whichever timer fired first (connection, greeting or socket).
      const reason = silent(last)
        ? `no answer within ${timeoutMs} ms (mail.timeoutMs)`
        : last instanceof Error
          ? last.message
          : String(last);
      throw new ExternalError(
        `could not send ${what} through the SMTP server ${redactUrl(smtpUrl)} (RESRECON_SMTP_URL or mail.smtpUrl) ` +
          `after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`,
        'SMTP server',
        { cause: last },
      );
    },
    close() {
      transport.close();
    },
  };
}

/** The configured server, with the configured attempts and silence limit unless a caller overrides the attempts. */
export function mailSender(mail: ResolvedConfig['mail'], policy?: RetryPolicy): SmtpSender {
  if (!mail.smtpUrl) throw new Error('mailSender needs a configured SMTP server');
  return smtpSender(mail.smtpUrl, policy ?? { attempts: mail.attempts, baseDelayMs: 2_000 }, mail.timeoutMs);
}
