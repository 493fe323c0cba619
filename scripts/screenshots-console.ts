/**
 * `npm run screenshots:console`: the ops console on the demo data, signed in, captured with
 * Debian's headless Chromium (playwright-core) into docs/screenshots/: the plan list, one plan,
 * the runs and the audit log, at desktop and phone widths; and the rules page after a few
 * decisions (some approved, some rejected with their reason categories).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { resolveConfig } from '../src/config/index.ts';
import { buildConsole } from '../src/console/index.ts';
import { approvePlan, rejectPlan } from '../src/decisions/index.ts';
import type { RejectionCategory } from '../src/model/index.ts';
import { openStore } from '../src/state/index.ts';
import { runCli } from '../test/support/cli.ts';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const PASSWORD = 'screenshots only, not a real one';

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} not found: apt-get install -y chromium, or set CHROMIUM to its path`);
  process.exit(1);
}
const home = mkdtempSync(join(tmpdir(), 'resrecon-console-shots-'));
try {
  const env = { RESRECON_HOME: home };
  const ran = await runCli(['run', '--no-email', '--out', join(home, 'out')], { cwd: home, env });
  if (ran.code !== 0) throw new Error(ran.stderr);
  const config = resolveConfig({ cwd: home, env });
  const store = await openStore({ stateUrl: null, home: config.localDir });
  await store.addUser('ops@example.com', PASSWORD, 'approver');
  const proposed = await store.listPlans({ status: 'PROPOSED' });
  const [flagged] = proposed.filter((p) => p.plan.flags.length > 0);
  // A few decisions, so the rules page measures something: most approved as proposed, some
  // rejected with each kind of reason.
  const categories: RejectionCategory[] = [
    'not-a-duplicate',
    'wrong-amount',
    'already-handled',
    'not-a-duplicate',
  ];
  const decidable = proposed.filter((p) => p !== flagged && p.plan.bulkApprovable);
  for (const [i, p] of decidable.slice(0, 24).entries()) {
    const category = i % 6 === 5 ? categories[Math.floor(i / 6) % categories.length] : undefined;
    if (category)
      await rejectPlan(store, p.plan.planId, {
        by: 'ops@example.com',
        reason: 'checked with the hotel',
        category,
      });
    else await approvePlan(store, p.plan.planId, { by: 'ops@example.com' }, config.reconcile);
  }
  const app = await buildConsole({ config, store });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    for (const [device, width, height] of [
      ['desktop', 1280, 900],
      ['phone', 390, 844],
    ] as const) {
      const page = await (
        await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })
      ).newPage();
      await page.goto(`${base}/login`);
      await page.fill('input[name=username]', 'ops@example.com');
      await page.fill('input[name=password]', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/plans`);
      await page.screenshot({ path: join(OUT, `console-plans-${device}.png`) });
      await page.goto(`${base}/plans/${flagged?.plan.planId}`);
      await page.screenshot({ path: join(OUT, `console-plan-${device}.png`) });
      await page.goto(`${base}/runs`);
      await page.screenshot({ path: join(OUT, `console-runs-${device}.png`) });
      await page.goto(`${base}/audit`);
      await page.screenshot({ path: join(OUT, `console-audit-${device}.png`) });
      await page.goto(`${base}/rules`);
      await page.screenshot({ path: join(OUT, `console-rules-${device}.png`) });
      console.log(`docs/screenshots/console-{plans,plan,runs,audit,rules}-${device}.png`);
    }
  } finally {
    await browser.close();
    await app.close();
    await store.close();
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
