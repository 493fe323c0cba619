/**
 * `npm run screenshots`: renders the reports and emails of the sample night, of a 30-day window
 * and of an empty window, and captures each page whole with Debian's headless Chromium
 * (playwright-core) into docs/screenshots/: the saved reports on a desktop, the emails as a mail
 * client shows them on a desktop and on a 390 px phone, and the engineering report's What to fix
 * first on its own. Chromium runs with no network.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findRegressions, REGRESSION_DEFAULTS } from '../src/feedback/index.ts';
import type { ClientNight, RunReport, RunWarning } from '../src/model/index.ts';
import { renderReports } from '../src/reports/index.ts';
import { longNight } from '../test/support/long-night.ts';
import { sampleHistory, sampleReport } from '../test/support/sample-run.ts';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const CONSOLE = { consoleUrl: 'https://console.example.com' };

/** The sample night, run again a day after its newest booking: the window holds none. */
function emptyWindow(): RunReport {
  const report = sampleReport([]);
  const warning: RunWarning = {
    code: 'EMPTY_WINDOW',
    message:
      'No bookings were created in this window (26 Nov 2026 03:00 UTC – 27 Nov 2026 03:00 UTC), so nothing was ' +
      'checked: this is not an all-clear. The source holds 50,000 bookings; the newest was created 1 Oct 2026 ' +
      '17:42 UTC, 56 days before this window began.',
    nextStep:
      'Run over the time the bookings were made, for example: npx resrecon run --from 2026-09-30T17:43:00Z ' +
      '--to 2026-10-01T17:43:00Z.',
    sourceBookings: 50_000,
    newestBookingAt: '2026-10-01T17:42:10.000000Z',
    timeZone: 'UTC',
  };
  return { ...report, totals: { ...report.totals, reservationsScanned: 0 }, warnings: [warning] };
}

/**
 * The sample night with a release regression in it, judged by the product's own findRegressions:
 * ios-app ran 3.2.1 for two weeks at about 2 copies per 1,000 bookings, and 3.4.0, which sends no
 * keys, left 26 copies in the sample night.
 */
function withRegression(report: RunReport): RunReport {
  const DAY = 86_400_000;
  const to = Date.parse(report.window.to);
  const night = (i: number, clientId: string, copies: number, atStake: string): ClientNight => ({
    from: new Date(to - (15 - i) * DAY).toISOString(),
    to: new Date(to - (14 - i) * DAY).toISOString(),
    clientId,
    bookings: 610 + ((i * 37) % 40),
    copies,
    byCause:
      copies === 0 ? {} : i === 14 ? { NO_KEY: copies - 5, TIMEOUT_RETRY: 5 } : { TIMEOUT_RETRY: copies },
    atStake: copies === 0 ? [] : [{ currency: 'EUR', amount: atStake, count: copies }],
    exampleSetIds: copies === 0 ? [] : report.sets.slice(0, Math.min(3, copies)).map((s) => s.setId),
  });
  const history = Array.from({ length: 14 }, (_, i) =>
    night(i, 'ios-app@3.2.1', i % 3 === 0 ? 2 : 1, '189.00'),
  );
  const regressions = findRegressions(
    history,
    [night(14, 'ios-app@3.4.0', 26, '4914.00')],
    REGRESSION_DEFAULTS,
  );
  return { ...report, regressions };
}

interface Shot {
  readonly name: string;
  readonly html: string;
  readonly width: number;
  /** Only this element of the page, not the page whole. */
  readonly selector?: string;
}

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} not found: apt-get install -y chromium, or set CHROMIUM to its path`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });
const night = renderReports(sampleReport(), sampleHistory(), CONSOLE);
const long = renderReports(longNight(), sampleHistory(), CONSOLE);
const empty = renderReports(emptyWindow(), sampleHistory(), CONSOLE);
const regressed = renderReports(withRegression(sampleReport()), sampleHistory(), CONSOLE);
const shots: Shot[] = [
  ...(['finance', 'engineering', 'ops'] as const).map((a) => ({
    name: a,
    html: night[a].fileHtml,
    width: 1000,
  })),
  ...(['finance', 'engineering', 'ops'] as const).map((a) => ({
    name: `${a}-email-phone`,
    html: night[a].html,
    width: 390,
  })),
  { name: 'engineering-30-days', html: long.engineering.fileHtml, width: 1000 },
  { name: 'fix-first', html: night.engineering.fileHtml, width: 1000, selector: '.fix-first' },
  { name: 'precision', html: night.engineering.fileHtml, width: 1000, selector: '.precision' },
  { name: 'regressions', html: regressed.engineering.fileHtml, width: 1000, selector: '.regression' },
  { name: 'regression-email-phone', html: regressed.engineering.html, width: 390, selector: '.regression' },
  { name: 'ops-rule-banner', html: night.ops.fileHtml, width: 1000, selector: '.rule-banner' },
  { name: 'empty-window-email', html: empty.finance.html, width: 800 },
];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  for (const shot of shots) {
    const context = await browser.newContext({
      viewport: { width: shot.width, height: 800 },
      deviceScaleFactor: 1,
      offline: true,
    });
    const page = await context.newPage();
    await page.setContent(shot.html, { waitUntil: 'load' });
    const png = `${OUT}${shot.name}.png`;
    if (shot.selector) await page.locator(shot.selector).screenshot({ path: png });
    else await page.screenshot({ path: png, fullPage: true });
    await context.close();
    console.log(`docs/screenshots/${shot.name}.png`);
  }
} finally {
  await browser.close();
}
