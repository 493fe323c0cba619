/**
 * `npm run screenshots`: renders each report of the sample run and captures it with Debian's
 * headless Chromium into docs/screenshots/ (the saved report with SVG charts, and the finance
 * email as a mail client shows it). Chromium runs with a throwaway profile and no network.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReports } from '../src/reports/index.ts';
import { sampleHistory, sampleReport } from '../test/support/sample-run.ts';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

function capture(htmlFile: string, png: string, width: number, height: number): void {
  const profile = mkdtempSync(join(tmpdir(), 'resrecon-chromium-'));
  try {
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${png}`,
        `--window-size=${width},${height}`,
        `file://${htmlFile}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function main(): void {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} not found: apt-get install -y chromium, or set CHROMIUM to its path`);
    process.exit(1);
  }
  mkdirSync(OUT, { recursive: true });
  const rendered = renderReports(sampleReport(), sampleHistory(), {
    consoleUrl: 'https://console.example.com',
  });
  const work = mkdtempSync(join(tmpdir(), 'resrecon-shots-'));
  try {
    const shots = [
      ...(['finance', 'engineering', 'ops'] as const).map((a) => ({
        name: a,
        html: rendered[a].fileHtml,
        w: 1000,
        h: 1800,
      })),
      { name: 'finance-email-phone', html: rendered.finance.html, w: 400, h: 1800 },
    ];
    for (const shot of shots) {
      const file = join(work, `${shot.name}.html`);
      writeFileSync(file, shot.html);
      const png = join(OUT, `${shot.name}.png`);
      capture(file, png, shot.w, shot.h);
      console.log(png);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
