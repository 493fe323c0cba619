/**
 * Debian's Chromium for the tests that need a real browser (CI installs it, .ci/run). When none
 * is installed those tests are skipped, and loudly: a quiet skip would read as a pass.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM: string | undefined = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
  existsSync(p),
);

/** Says on stderr that `what` is skipped when there is no Chromium; true when there is one. */
export function haveChromium(what: string): boolean {
  if (!CHROMIUM) {
    process.stderr.write(
      `\n*** SKIPPED: ${what} need Chromium (apt-get install -y chromium); none at /usr/bin/chromium ***\n\n`,
    );
  }
  return CHROMIUM !== undefined;
}

/**
 * One headless Chromium for the tests of a describe block: launched before them, closed after.
 * Call it inside the (skipIf-guarded) block and use `.current` in the tests.
 */
export function browserForTests(): { readonly current: Browser } {
  const holder: { current: Browser | undefined } = { current: undefined };
  beforeAll(async () => {
    holder.current = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await holder.current?.close();
  });
  return {
    get current(): Browser {
      if (!holder.current) throw new Error('Chromium is not launched yet: use it inside a test');
      return holder.current;
    },
  };
}
