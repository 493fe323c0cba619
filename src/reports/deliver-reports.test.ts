import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort } from '../../test/support/receivers.ts';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { ExternalError } from '../errors/index.ts';
import { formatMoney } from '../model/index.ts';
import { deliverReports, refundsCsv, renderReports, resendReports } from './index.ts';

interface Received {
  readonly to: string[];
  readonly raw: Buffer;
}

/** A real SMTP server on 127.0.0.1 and a random port, keeping what it receives. */
async function startSmtp(options: { rejectRcpt?: boolean } = {}) {
  const received: Received[] = [];
  let rcptCalls = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      rcptCalls += 1;
      if (options.rejectRcpt) {
        const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    rcptCalls: () => rcptCalls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function mailConfig(smtpUrl: string | null, ops: string[] = ['ops@example.com']): ResolvedConfig['mail'] {
  return {
    smtpUrl,
    from: 'resrecon@example.com',
    to: { finance: ['finance@example.com', 'ap@example.com'], engineering: ['eng@example.com'], ops },
    consoleUrl: null,
    timeoutMs: 60_000,
    attempts: 3,
  };
}

const report = sampleReport();
const rendered = renderReports(report, sampleHistory(), { consoleUrl: null });
const fast = { retry: { attempts: 2, baseDelayMs: 10 } };
let outbox: string;

beforeEach(() => {
  outbox = mkdtempSync(join(tmpdir(), 'resrecon-outbox-'));
});
afterEach(() => rmSync(outbox, { recursive: true, force: true }));

describe('deliverReports', () => {
  it('sends each report through SMTP with its subject, both parts, refunds.csv and the run figures', async () => {
    const smtp = await startSmtp();
    try {
      const results = await deliverReports(rendered, mailConfig(smtp.url), outbox, report.runId, fast);
      expect(results.map((r) => [r.audience, r.status])).toEqual([
        ['finance', 'sent'],
        ['engineering', 'sent'],
        ['ops', 'sent'],
      ]);
      expect(smtp.received).toHaveLength(3);
      const byAudience = new Map<string, Awaited<ReturnType<typeof simpleParser>>>();
      for (const msg of smtp.received) {
        const parsed = await simpleParser(msg.raw);
        byAudience.set(String(parsed.headers.get('x-resrecon-audience')), parsed);
      }
      const finance = byAudience.get('finance')!;
      expect(smtp.received.find((m) => m.to.includes('ap@example.com'))).toBeDefined();
      expect(finance.subject).toBe(rendered.finance.subject);
      expect(finance.headers.get('x-resrecon-run')).toBe(report.runId);
      for (const t of report.totals.refunds) {
        expect(finance.subject).toContain(formatMoney(t.amount, t.currency));
        expect(finance.html).toContain(formatMoney(t.amount, t.currency));
        expect(finance.text).toContain(formatMoney(t.amount, t.currency));
      }
      for (const t of report.totals.voids) expect(finance.html).toContain(formatMoney(t.amount, t.currency));
      expect(finance.attachments).toHaveLength(1);
      expect(finance.attachments[0]!.filename).toBe('refunds.csv');
      expect(finance.attachments[0]!.contentType).toBe('text/csv');
      expect(finance.attachments[0]!.content.equals(Buffer.from(refundsCsv(report.sets)))).toBe(true);

      const engineering = byAudience.get('engineering')!;
      expect(engineering.subject).toBe(rendered.engineering.subject);
      expect(engineering.text).toContain(
        `Retry without idempotency key: ${report.totals.byRootCause.NO_KEY} (`,
      );
      expect(engineering.html).not.toContain('jana.novakova@example.com');
      expect(engineering.html).toContain('j***@example.com');

      const ops = byAudience.get('ops')!;
      expect(ops.subject).toBe(rendered.ops.subject);
      const race = report.sets.find((s) => s.rootCause === 'RACE')!.plan!.planId;
      expect(ops.text).toContain(`npx resrecon plans approve ${race} --by <you>`);
      expect(ops.html).toContain('LARGE_REFUND');

      const sidecar = JSON.parse(readFileSync(join(outbox, `${report.runId}-finance.json`), 'utf8'));
      expect(sidecar).toMatchObject({ status: 'sent', to: ['finance@example.com', 'ap@example.com'] });
    } finally {
      await smtp.close();
    }
  });

  it('writes .eml files to the outbox when no SMTP server is configured', async () => {
    const results = await deliverReports(rendered, mailConfig(null), outbox, report.runId);
    expect(results.map((r) => r.status)).toEqual(['written', 'written', 'written']);
    for (const r of results) {
      const parsed = await simpleParser(readFileSync(r.file));
      expect(parsed.subject).toBe(rendered[r.audience].subject);
      expect(parsed.text).toBe(rendered[r.audience].text);
    }
    const eml = await simpleParser(readFileSync(results[0]!.file));
    expect(eml.attachments[0]!.content.toString('utf8')).toBe(refundsCsv(report.sets));
  });

  it('writes an audience without recipients to the outbox and sends only the others', async () => {
    const smtp = await startSmtp();
    try {
      const results = await deliverReports(rendered, mailConfig(smtp.url, []), outbox, report.runId, fast);
      expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'skipped-no-recipients']);
      expect(smtp.received).toHaveLength(2);
      expect(existsSync(results[2]!.file)).toBe(true);
      expect(existsSync(join(outbox, `${report.runId}-ops.json`))).toBe(false);
    } finally {
      await smtp.close();
    }
  });

  it('gives a server that accepts and never answers one timeout, not one per message, and keeps all three for a resend', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const mail = { ...mailConfig(`smtp://127.0.0.1:${port}`), timeoutMs: 300 };
      const results = await deliverReports(rendered, mail, outbox, report.runId, fast);
      expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
      // One attempt for the first message, none again and none for the others: it was silent.
      expect(sockets).toHaveLength(1);
      const [, later] = results;
      if (later?.status !== 'failed') throw new Error('unreachable');
      expect(later.error.message).toMatch(
        /^not tried: the SMTP server did not answer for the finance report; the message stays in .*-engineering\.eml; send it later with: npx resrecon run --resend \S+ --out /,
      );
      const [first] = results;
      if (first?.status !== 'failed') throw new Error('unreachable');
      expect(first.error.message).toMatch(/after 1 attempt: no answer within 300 ms \(mail\.timeoutMs\)/);
      for (const audience of ['finance', 'engineering', 'ops']) {
        const sidecar = JSON.parse(readFileSync(join(outbox, `${report.runId}-${audience}.json`), 'utf8'));
        expect(sidecar.status, audience).toBe('failed');
      }
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
    const smtp = await startSmtp();
    try {
      const resent = await resendReports(outbox, mailConfig(smtp.url), fast);
      expect(resent.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
      expect(smtp.received).toHaveLength(3);
      expect(await resendReports(outbox, mailConfig(smtp.url), fast)).toEqual([]);
      expect(smtp.received).toHaveLength(3);
    } finally {
      await smtp.close();
    }
  });

  it('keeps undeliverable messages in the outbox, and resendOutbox delivers them later exactly once', async () => {
    const port = await closedPort();
    const results = await deliverReports(
      rendered,
      mailConfig(`smtp://127.0.0.1:${port}`),
      outbox,
      report.runId,
      fast,
    );
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    const failed = results[0]!;
    if (failed.status !== 'failed') throw new Error('unreachable');
    expect(failed.error).toBeInstanceOf(ExternalError);
    expect(failed.error.message).toContain('RESRECON_SMTP_URL');
    expect(failed.error.message).toContain('after 2 attempts');
    expect(failed.error.message).toContain(`127.0.0.1:${port}`);
    expect(
      readdirSync(outbox)
        .map((f) => readFileSync(join(outbox, f), 'utf8'))
        .join(),
    ).not.toContain('s3cret-pw');
    expect(failed.error.message).not.toContain('s3cret-pw');
    expect(failed.error.message).toContain(`npx resrecon run --resend ${report.runId}`);
    const sidecar = JSON.parse(readFileSync(join(outbox, `${report.runId}-finance.json`), 'utf8'));
    expect(sidecar).toMatchObject({ status: 'failed', attempts: 1 });

    const smtp = await startSmtp();
    try {
      const resent = await resendReports(outbox, mailConfig(smtp.url), fast);
      expect(resent.map((r) => [r.audience, r.status]).sort()).toEqual([
        ['engineering', 'sent'],
        ['finance', 'sent'],
        ['ops', 'sent'],
      ]);
      expect(smtp.received).toHaveLength(3);
      const finance = smtp.received.find((m) => m.to.includes('finance@example.com'))!;
      const parsed = await simpleParser(finance.raw);
      expect(parsed.subject).toBe(rendered.finance.subject);
      // The very message written at the failed attempt, not a newly rendered one.
      expect(parsed.messageId).toBe((await simpleParser(readFileSync(failed.file))).messageId);
      expect(await resendReports(outbox, mailConfig(smtp.url), fast)).toEqual([]);
      expect(smtp.received).toHaveLength(3);
    } finally {
      await smtp.close();
    }
  });

  it('does not retry a message the server rejects permanently', async () => {
    const smtp = await startSmtp({ rejectRcpt: true });
    try {
      const results = await deliverReports(rendered, mailConfig(smtp.url), outbox, report.runId, {
        retry: { attempts: 3, baseDelayMs: 10 },
      });
      expect(results.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
      // finance has two recipients, the others one each: one attempt per message.
      expect(smtp.rcptCalls()).toBe(4);
      const r = results[1]!;
      expect(r.status === 'failed' && r.error.message).toContain('after 1 attempt:');
    } finally {
      await smtp.close();
    }
  });
});
