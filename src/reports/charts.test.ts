import { describe, expect, it } from 'vitest';
import { browserForTests, haveChromium } from '../../test/support/chromium.ts';
import { longNight } from '../../test/support/long-night.ts';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import type { RootCause } from '../model/index.ts';
import { dailyTrendChart, type TrendEntry, trendChart } from './charts.ts';
import { renderReports } from './render-reports.ts';

const long = longNight();
const monthly = renderReports(long, sampleHistory(), { consoleUrl: null });
const nightly = renderReports(sampleReport(), sampleHistory().slice(-5), { consoleUrl: null });

/** The totals line under the trend's heading in the plain-text report. */
function textTotals(text: string): number[] {
  return /TREND[^\n]*\n {2}([\d ]+)\n/.exec(text)![1]!.split(' ').map(Number);
}

function entries(n: number): TrendEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(2026, 8, 1 + i)).toISOString().slice(0, 10);
    const byRootCause: Partial<Record<RootCause, number>> = { NO_KEY: (i * 7) % 13, RACE: i % 2 };
    return { key: day, label: day.slice(5), byRootCause };
  });
}

describe('the engineering trend', () => {
  it('draws a 30-day window as one bar per UTC day, the days adding up to the run\u2019s duplicate sets', () => {
    const { html, fileHtml, text } = monthly.engineering;
    expect(text).toContain("TREND, 31 DAYS OF THIS RUN'S WINDOW (duplicate sets per day, UTC, oldest first)");
    const days = textTotals(text);
    expect(days).toHaveLength(31);
    expect(days.reduce((a, b) => a + b, 0)).toBe(long.totals.duplicateSets);
    expect(text).toContain('  28 Oct … 27 Nov\n');
    for (const part of [html, fileHtml]) {
      expect(part).toContain('Trend over the 31 days of this run&#x27;s window');
      expect(part).toContain('Duplicate sets per day (UTC)');
      expect(part).not.toMatch(/last \d+ runs/);
    }
    expect(fileHtml.match(/<title>\d+ \w+: \d+<\/title>/g)).toHaveLength(31);
  });

  it('keeps the per-run trend for a nightly window, and says "this run only" rather than "the last 1 runs"', () => {
    expect(nightly.engineering.text).toContain('TREND, LAST 6 RUNS (duplicate sets per run, oldest first)');
    expect(nightly.engineering.html).toContain('Trend over the last 6 runs');
    expect(textTotals(nightly.engineering.text)).toHaveLength(6);
    const first = renderReports(sampleReport(), [], { consoleUrl: null }).engineering;
    for (const part of [first.html, first.fileHtml, first.text]) {
      expect(part).not.toMatch(/last 1 runs/i);
      expect(part).toMatch(/this run only, no earlier run recorded yet/i);
    }
    expect(first.text).toContain('  27 Nov (this run)\n');
  });

  it('writes each bar\u2019s value over it and dates every bar, or every k-th with the newest dated', () => {
    const few = trendChart([], {
      runId: 'r',
      window: { from: '', to: '2026-11-27T03:00:00Z' },
      finishedAt: '',
      byRootCause: { NO_KEY: 3, TIMEOUT_RETRY: 1, RACE: 0, MISSING_DEDUP: 0, UNKNOWN: 0 },
      duplicateSets: 4,
    });
    expect(few.columns.map((c) => [c.value, c.axisLabel, c.emailValue])).toEqual([['4', '27 Nov', '4']]);
    const month = dailyTrendChart(entries(31), 'UTC', false);
    expect(month.columns.every((c) => c.value === String(c.total))).toBe(true);
    expect(month.columns.map((c) => c.axisLabel !== '')).toEqual(
      Array.from({ length: 31 }, (_, i) => (30 - i) % 3 === 0),
    );
    // The email's date row spans every bar once; only a short first group goes undated.
    expect(month.axis.reduce((a, c) => a + c.colspan, 0)).toBe(31);
    expect(month.axis.at(-1)!.label).toBe(month.columns.at(-1)!.label);
    const quarter = dailyTrendChart(entries(92), 'UTC', true);
    expect(quarter.columns.filter((c) => c.value !== '').length).toBeLessThan(92);
    expect(quarter.columns.filter((c) => c.axisLabel !== '').every((c) => c.value !== '')).toBe(true);
    expect(quarter.lead).toContain('the first and last days are only partly inside the window');
  });
});

/** Runs in the page (the project compiles without the DOM's types, so it goes as source). */
const SVG_GEOMETRY = `(() => {
  const svg = document.querySelector('svg[aria-label^="Duplicate sets per"]');
  const box = svg.getBoundingClientRect();
  const rects = [...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect());
  return {
    width: box.width,
    left: Math.min(...rects.map((r) => r.left)) - box.left,
    right: box.right - Math.max(...rects.map((r) => r.right)),
    values: [...svg.querySelectorAll('text[font-size="10"]')].length,
    dates: [...svg.querySelectorAll('text[font-size="11"]')].map((t) => t.textContent),
  };
})()`;

/** The trend's email table alone in the card, at a phone's width. */
const EMAIL_TREND_WIDTH = `(() => {
  const table = document.querySelector('table.trend');
  for (const el of [...table.parentElement.children, ...document.querySelectorAll('td.header, td.footer')])
    if (el !== table) el.style.display = 'none';
  return document.documentElement.scrollWidth;
})()`;

describe.skipIf(!haveChromium('the trend chart layout tests'))('the trend in real Chromium', () => {
  const chrome = browserForTests();

  async function inPage<T>(html: string, width: number, script: string): Promise<T> {
    const page = await chrome.current.newPage({ viewport: { width, height: 900 } });
    try {
      await page.setContent(html);
      return (await page.evaluate(script)) as T;
    } finally {
      await page.close();
    }
  }

  it('spreads six runs over the whole width of the saved report, each bar dated and valued', async () => {
    const g = await inPage<{ width: number; left: number; right: number; values: number; dates: string[] }>(
      nightly.engineering.fileHtml,
      760,
      SVG_GEOMETRY,
    );
    expect(g.left).toBeLessThan(g.width * 0.1);
    expect(g.right).toBeLessThan(g.width * 0.1);
    expect(g.values).toBe(6);
    expect(g.dates).toEqual(['22 Nov', '23 Nov', '24 Nov', '25 Nov', '26 Nov', '27 Nov']);
  }, 30_000);

  it('spreads 31 days over the width with a value over each bar, and keeps the email\u2019s bars within a phone', async () => {
    const g = await inPage<{ width: number; left: number; right: number; values: number; dates: string[] }>(
      monthly.engineering.fileHtml,
      760,
      SVG_GEOMETRY,
    );
    expect(g.left).toBeLessThan(g.width * 0.05);
    expect(g.right).toBeLessThan(g.width * 0.05);
    expect(g.values).toBe(31);
    expect(g.dates).toHaveLength(11);
    expect(g.dates.at(-1)).toBe('27 Nov');
    expect(await inPage<number>(monthly.engineering.html, 390, EMAIL_TREND_WIDTH)).toBeLessThanOrEqual(390);
  }, 30_000);
});
