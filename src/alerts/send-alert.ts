/**
 * Sends an alert where on-call people look: an email to engineering and ops, or to engineering
 * alone for what only engineering can act on (a release regression), over SMTP (or into the
 * alerts outbox as .eml when no server is configured) and, when configured, a webhook post of
 * Slack- and Teams-compatible JSON (`text` is what both show). An alert that cannot go out is
 * logged and kept in the outbox; it never stops the job.
 */
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { ResolvedConfig } from '../config/index.ts';
import { type RetryPolicy, retry } from '../io/index.ts';
import { smtpSender, writeMessage } from '../mail/index.ts';
import { type Alert, alertText } from './alert.ts';

export interface AlertDelivery {
  readonly channel: 'email' | 'webhook';
  readonly status: 'sent' | 'written' | 'failed' | 'skipped';
  readonly detail: string;
}

const WEBHOOK_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500 };
const WEBHOOK_TIMEOUT_MS = 10_000;

/** A webhook URL's secret is its path (Slack, Teams): only the host is ever shown. */
function webhookHost(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(unparseable URL)';
  }
}

async function message(alert: Alert, config: ResolvedConfig, to: readonly string[]): Promise<Buffer> {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await builder.sendMail({
    from: config.mail.from,
    ...(to.length > 0 ? { to: [...to] } : {}),
    subject: alert.title,
    text: alertText(alert),
    priority: 'high',
    headers: { 'X-Resrecon-Run': alert.runId, 'X-Resrecon-Alert': alert.kind },
  });
  return info.message as Buffer;
}

async function email(alert: Alert, config: ResolvedConfig): Promise<AlertDelivery> {
  const onCall = [...new Set([...config.mail.to.engineering, ...config.mail.to.ops])];
  const to =
    alert.audience === 'engineering' && config.mail.to.engineering.length > 0
      ? [...config.mail.to.engineering]
      : onCall;
  const raw = await message(alert, config, to);
  const outbox = join(config.localDir, 'outbox', 'alerts');
  const stem = `${alert.runId}-${alert.kind}-${Date.now()}`;
  const file = await writeMessage(outbox, stem, raw);
  if (!config.mail.smtpUrl || to.length === 0) {
    return {
      channel: 'email',
      status: 'written',
      detail: to.length === 0 ? `${file} (no recipients)` : file,
    };
  }
  const sender = smtpSender(
    config.mail.smtpUrl,
    { attempts: config.mail.attempts, baseDelayMs: 1_000 },
    config.mail.timeoutMs,
  );
  try {
    await sender.send({ from: config.mail.from, to }, raw, `the ${alert.kind} alert`);
    return { channel: 'email', status: 'sent', detail: to.join(', ') };
  } catch (err) {
    return { channel: 'email', status: 'failed', detail: `${(err as Error).message}; kept in ${file}` };
  } finally {
    sender.close();
  }
}

/** The JSON posted: Slack's and Teams' incoming webhooks both show `text`. */
export function webhookBody(alert: Alert): Record<string, unknown> {
  return {
    text: alertText(alert),
    summary: alert.title,
    resrecon: { kind: alert.kind, runId: alert.runId, title: alert.title, lines: alert.lines },
  };
}

/** A webhook's refusal, by HTTP status. */
class WebhookRefusal extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function webhook(alert: Alert, url: string): Promise<AlertDelivery> {
  const posted = await retry(
    WEBHOOK_RETRY,
    async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(webhookBody(alert)),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!res.ok) throw new WebhookRefusal(res.status);
    },
    // A 4xx other than rate limiting will not change on retry.
    { retryable: (err) => !(err instanceof WebhookRefusal) || err.status >= 500 || err.status === 429 },
  );
  if (posted.ok) return { channel: 'webhook', status: 'sent', detail: webhookHost(url) };
  return {
    channel: 'webhook',
    status: 'failed',
    detail: `${webhookHost(url)}: ${(posted.error as Error).message}`,
  };
}

/** Email and webhook go out side by side: a mail server that does not answer never holds up the webhook. */
export async function sendAlert(alert: Alert, config: ResolvedConfig): Promise<AlertDelivery[]> {
  const mailed = email(alert, config).catch(
    (err: unknown): AlertDelivery => ({ channel: 'email', status: 'failed', detail: (err as Error).message }),
  );
  const posted: Promise<AlertDelivery> = config.alerts.webhookUrl
    ? webhook(alert, config.alerts.webhookUrl)
    : Promise.resolve({ channel: 'webhook', status: 'skipped', detail: 'no webhook configured' });
  return Promise.all([mailed, posted]);
}
