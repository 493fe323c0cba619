/**
 * Debian's Chromium for the tests that need a real browser (CI installs it, .ci/run). When none
 * is installed those tests are skipped, and loudly: a quiet skip would read as a pass.
 */
import { existsSync } from 'node:fs';

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
