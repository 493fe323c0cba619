import { describe, expect, it } from 'vitest';
import { browserForTests, haveChromium } from '../../test/support/chromium.ts';
import { BURSTS, longNight } from '../../test/support/long-night.ts';
import { renderReports } from './render-reports.ts';

const report = longNight();
const rendered = renderReports(report, [], { consoleUrl: 'https://console.example.com' });
const AUDIENCES = ['engineering', 'ops'] as const;

/** The incident table's rows in an HTML report. */
function incidentRows(html: string): string[] {
  const box = /<table class="data incident-rows"[\s\S]*?<\/table>/.exec(html)![0];
  return box.match(/<tr>[\s\S]*?<\/tr>/g)!.slice(1);
}

describe('incidentsView', () => {
  it('tells 43 incidents as one table of the worst five, most copies first, and says where the rest are', () => {
    expect(report.incidents).toHaveLength(BURSTS);
    for (const audience of AUDIENCES) {
      const { html, fileHtml, text } = rendered[audience];
      for (const part of [html, fileHtml, text]) {
        expect(part.split(`${BURSTS} incidents:`).length - 1).toBe(1);
        expect(part).toContain('The worst 5 of 43, most copies first:');
        expect(part).toContain('… and 38 more incidents:');
        expect(part).toContain('report.json');
        expect(part).not.toContain('Incident: ');
      }
      for (const html5 of [html, fileHtml]) {
        expect(html5.match(/class="incident"/g)).toHaveLength(1);
        expect(incidentRows(html5)).toHaveLength(5);
      }
      expect(text.match(/^ {4}- \d+ \w+ 2026 /gm)).toHaveLength(5);
    }
  });

  it('puts the worst incident first with its cause, its clients and its money at stake per currency', () => {
    const worst = report.incidents.slice().sort((a, b) => b.copies - a.copies)[0]!;
    expect(worst.copies).toBe(14);
    const [first] = incidentRows(rendered.engineering.html);
    expect(first).toContain('14');
    expect(first).toContain('peak 14/h');
    expect(first).toContain('Retry without idempotency key');
    expect(first).toContain('(10 of 14 sets)');
    expect(first).toContain('ios-app@3.2.1');
    expect(first).toContain('10 copies · 1 other client');
    // Seven sets in each currency, 240.00 each: never one sum across currencies.
    expect(first).toContain('EUR 1,680.00');
    expect(first).toContain('USD 1,680.00');
    expect(rendered.engineering.text).toContain(
      '14 copies (up to 14 in one hour) in 14 sets; Retry without idempotency key (10 of 14 sets); ' +
        'ios-app@3.2.1 (10 copies) and 1 other client; at stake EUR 1,680.00 and USD 1,680.00',
    );
  });

  it('writes a single incident as one line of the same table, without "the worst"', () => {
    const one = { ...report, incidents: report.incidents.slice(0, 1) };
    const r = renderReports(one, [], { consoleUrl: null });
    for (const audience of AUDIENCES) {
      expect(r[audience].html).toContain(`Incident: ${one.incidents[0]!.copies} duplicate copies`);
      expect(incidentRows(r[audience].html)).toHaveLength(1);
      expect(r[audience].text).not.toContain('worst');
      expect(r[audience].text).not.toContain('more incident');
    }
  });
});

describe.skipIf(!haveChromium('the incident table height tests'))('incidents in real Chromium', () => {
  const chrome = browserForTests();

  /** Runs in the page (the project compiles without the DOM's types, so it goes as source). */
  const IN_PAGE = `(() => {
    const box = document.querySelector('.incident');
    const height = box.getBoundingClientRect().height;
    // The box alone in the card: does it fit the screen by itself?
    for (const el of [...box.parentElement.children, ...document.querySelectorAll('td.header, td.footer')])
      if (el !== box) el.style.display = 'none';
    return { height, pageWidth: document.documentElement.scrollWidth };
  })()`;

  async function measure(html: string, width: number) {
    const page = await chrome.current.newPage({ viewport: { width, height: 900 } });
    try {
      await page.setContent(html);
      return (await page.evaluate(IN_PAGE)) as { height: number; pageWidth: number };
    } finally {
      await page.close();
    }
  }

  it('keeps 43 incidents under 600 px, in the email and the saved report, and within a 390 px phone', async () => {
    for (const audience of AUDIENCES) {
      const { html, fileHtml } = rendered[audience];
      for (const page of [html, fileHtml]) expect((await measure(page, 760)).height).toBeLessThan(600);
      const phone = await measure(html, 390);
      expect(phone.height).toBeLessThan(900);
      expect(phone.pageWidth).toBeLessThanOrEqual(390);
    }
  }, 60_000);
});
