/**
 * Each email fits a 390 px phone screen: mailed through a real SMTP server, read back with
 * mailparser and opened in real headless Chromium at that width, no page scrolls sideways. A long
 * set id, payment id or client name breaks inside its cell rather than widen the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserForTests, haveChromium } from '../../test/support/chromium.ts';
import { type SmtpReceiver, startSmtp } from '../../test/support/receivers.ts';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import { AUDIENCES, deliverReports, renderReports } from './index.ts';

const PHONE = { width: 390, height: 844 };

describe.skipIf(!haveChromium('the phone-width email tests'))('the emails on a 390 px phone', () => {
  const chrome = browserForTests();
  let smtp: SmtpReceiver;
  let outbox = '';
  const mailed = new Map<string, ParsedMail>();

  beforeAll(async () => {
    smtp = await startSmtp();
    outbox = mkdtempSync(join(tmpdir(), 'resrecon-phone-'));
    const report = sampleReport();
    // A short email list, so the "… and N more" sentences are in the mail too.
    const rendered = renderReports(report, sampleHistory(), {
      consoleUrl: 'https://console.example.com',
      emailTopN: 3,
    });
    const results = await deliverReports(
      rendered,
      {
        smtpUrl: smtp.url,
        from: 'resrecon@example.com',
        to: { finance: ['finance@example.com'], engineering: ['eng@example.com'], ops: ['ops@example.com'] },
        consoleUrl: 'https://console.example.com',
        timeoutMs: 30_000,
        attempts: 1,
      },
      outbox,
      report.runId,
    );
    expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    for (const m of smtp.messages) mailed.set(String(m.headers.get('x-resrecon-audience')), m);
  }, 60_000);

  afterAll(async () => {
    await smtp?.close();
    rmSync(outbox, { recursive: true, force: true });
  });

  it.each(AUDIENCES)('shows the %s email without sideways scrolling', async (audience) => {
    const html = mailed.get(audience)?.html;
    expect(html, `${audience} email`).toBeTypeOf('string');
    const context = await chrome.current.newContext({ viewport: PHONE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(html as string);
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      expect(width).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await context.close();
    }
  });
});
