import { describe, expect, it } from 'vitest';
import { browserForTests, haveChromium } from '../../test/support/chromium.ts';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import type { RunReport, RunWarning } from '../model/index.ts';
import { AUDIENCES } from './index.ts';
import { renderReports } from './render-reports.ts';

const EMPTY_WINDOW: RunWarning = {
  code: 'EMPTY_WINDOW',
  message:
    'No bookings were created in this window (26 Nov 2026 03:00 UTC – 27 Nov 2026 03:00 UTC), so nothing was checked: ' +
    'this is not an all-clear. The source holds 50,000 bookings; the newest was created 1 Oct 2026 17:42 UTC, 56 days before this window began.',
  nextStep:
    'Run over the time the bookings were made, for example: npx resrecon run --from 2026-09-30T17:43:00Z --to 2026-10-01T17:43:00Z.',
  sourceBookings: 50_000,
  newestBookingAt: '2026-10-01T17:42:10.000000Z',
  timeZone: 'UTC',
};

const NO_SMTP: RunWarning = {
  code: 'NO_SMTP',
  message:
    "No mail server is configured: the finance report is written to the run's outbox as .eml, not sent.",
  nextStep: 'Set mail.smtpUrl (RESRECON_SMTP_URL).',
  audiences: ['finance'],
};

function withWarnings(report: RunReport, warnings: RunWarning[]): RunReport {
  return { ...report, warnings };
}

function empty(warnings: RunWarning[]): RunReport {
  return withWarnings(
    { ...sampleReport([]), totals: { ...sampleReport([]).totals, reservationsScanned: 0 } },
    warnings,
  );
}

describe('the warnings in the reports', () => {
  it('never calls an empty window all clear: subject, title, email and saved report say nothing was checked', () => {
    const r = renderReports(empty([EMPTY_WINDOW]), sampleHistory(), { consoleUrl: null });
    for (const audience of AUDIENCES) {
      const { subject, html, text, fileHtml } = r[audience];
      expect(subject).toBe(
        `resrecon ${audience}: nothing checked, no bookings were created in this window (20261127T030000Z-5a3c1e)`,
      );
      for (const part of [subject, html, text, fileHtml]) expect(part).not.toMatch(/all clear/i);
      for (const part of [html, fileHtml]) {
        expect(part).toMatch(/<h1 [^>]*>Nothing checked: no bookings were created in this window<\/h1>/);
        expect(part).toContain('1 Oct 2026 17:42 UTC');
        expect(part).toContain('npx resrecon run --from 2026-09-30T17:43:00Z');
      }
      expect(text).toContain('!!! WARNING: No bookings were created in this window');
      expect(text).toContain('Nothing was checked: no bookings were created in this window.');
    }
  });

  it('says the source holds no bookings when it holds none', () => {
    const warning: RunWarning = {
      code: 'EMPTY_SOURCE',
      message: 'The source holds no bookings at all.',
      nextStep: 'Check the source.',
      sourceBookings: 0,
    };
    const r = renderReports(empty([warning]), sampleHistory(), { consoleUrl: null });
    for (const audience of AUDIENCES) {
      expect(r[audience].subject).toContain('nothing checked, the source holds no bookings');
      expect(r[audience].html).not.toMatch(/all clear/i);
      expect(r[audience].fileHtml).toContain('The source holds no bookings at all.');
    }
  });

  it('shows any other warning in a box at the top and keeps the findings and their subject', () => {
    const plain = renderReports(sampleReport(), sampleHistory(), { consoleUrl: null });
    const warned = renderReports(withWarnings(sampleReport(), [NO_SMTP]), sampleHistory(), {
      consoleUrl: null,
    });
    for (const audience of AUDIENCES) {
      expect(warned[audience].subject).toBe(plain[audience].subject);
      for (const part of [warned[audience].html, warned[audience].fileHtml]) {
        const box = part.indexOf('class="warning"');
        expect(box).toBeGreaterThan(0);
        expect(box).toBeLessThan(part.indexOf('class="figures"'));
        expect(part).toContain('No mail server is configured');
      }
      expect(plain[audience].html).not.toContain('class="warning"');
      expect(warned[audience].text).toContain('!!! WARNING: No mail server is configured');
    }
  });

  it('leaves the demo data to its banner rather than saying it twice', () => {
    const demo: RunWarning = {
      code: 'DEMO_DATA',
      message: 'Demo data: made up.',
      nextStep: 'Point it at the booking database.',
    };
    const r = renderReports({ ...withWarnings(sampleReport(), [demo]), demo: true }, sampleHistory(), {
      consoleUrl: null,
    });
    expect(r.finance.html).toContain('demo-banner');
    expect(r.finance.html).not.toContain('class="warning"');
  });
});

describe.skipIf(!haveChromium('the warning box in real Chromium'))('the warning box in real Chromium', () => {
  const chrome = browserForTests();

  it('stands at the top of every email and saved report of an empty window, on a phone and a desktop, with no "All clear" on the page', async () => {
    const r = renderReports(empty([EMPTY_WINDOW]), sampleHistory(), { consoleUrl: null });
    for (const width of [390, 1280]) {
      const context = await chrome.current.newContext({ viewport: { width, height: 844 } });
      const page = await context.newPage();
      try {
        for (const audience of AUDIENCES) {
          for (const html of [r[audience].html, r[audience].fileHtml]) {
            await page.setContent(html);
            const box = await page.locator('.warning').boundingBox();
            expect(box, `${audience} at ${width} px`).not.toBeNull();
            // Seen without scrolling, inside the report's card (whose width is the views' concern).
            const card = (await page.locator('.card').boundingBox())!;
            expect(box!.y + box!.height).toBeLessThan(844);
            expect(box!.x).toBeGreaterThanOrEqual(card.x);
            expect(box!.x + box!.width).toBeLessThanOrEqual(card.x + card.width);
            const shown = await page.locator('body').textContent();
            expect(shown).not.toMatch(/all clear/i);
            expect(shown).toContain('Nothing was checked: no bookings were created in this window.');
            expect(await page.locator('.warning').textContent()).toContain('1 Oct 2026 17:42 UTC');
          }
        }
      } finally {
        await context.close();
      }
    }
  }, 120_000);
});
