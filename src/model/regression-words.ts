/**
 * A release regression in words, the same in the alert, the engineering report and its text
 * version: who and which release, since when, the release that differs from the last good one
 * (or that it did not change), the rate against the baseline, the causes and the money.
 */
import { formatMoneyList } from './money-text.ts';
import type { Regression } from './regression.ts';
import { causeLabel, count, formatWindow, plural } from './text-format.ts';
import { ROOT_CAUSES } from './types.ts';

export interface RegressionWords {
  /** "ios-app 3.5.0" ("ios-app" without a release). */
  readonly who: string;
  /** "ios-app 3.5.0: 40.0 copies per 1000 bookings, against 2.3 before". */
  readonly headline: string;
  /** "First night: 15 Oct 2026 02:00 UTC – 16 Oct 2026 02:00 UTC (6 nights so far)." */
  readonly firstNight: string;
  /** What changed: the release that differs from the last good one, or that it did not change. */
  readonly release: string;
  readonly rate: string;
  readonly causes: string;
  readonly money: string;
}

const rate = (n: number): string => n.toFixed(1);

export function regressionWords(r: Regression): RegressionWords {
  const who = r.release ? `${r.client} ${r.release}` : r.client;
  const release =
    r.lastGoodRelease === null
      ? `No earlier good night of ${r.client} names its release; the copies come mostly from ${r.release ?? 'ids without a release'}.`
      : r.lastGoodRelease !== r.release
        ? `The release that differs: ${r.release ?? 'ids without a release'}, where the last good night's bookings came mostly from ${r.lastGoodRelease}.`
        : `The release is unchanged (${r.lastGoodRelease} on the last good night too): look for what changed around it, such as a gateway's timeout or the backend's lock.`;
  const causes = ROOT_CAUSES.filter((c) => (r.byCause[c] ?? 0) > 0)
    .sort((a, b) => (r.byCause[b] ?? 0) - (r.byCause[a] ?? 0))
    .map((c) => `${causeLabel(c)} ${count(r.byCause[c] ?? 0)}`)
    .join(', ');
  return {
    who,
    headline: `${who}: ${rate(r.ratePerThousand)} copies per 1000 bookings, against ${rate(r.baselinePerThousand)} before`,
    firstNight: `First night: ${formatWindow(r.firstNight)}${r.nights > 1 ? ` (${count(r.nights)} nights in a row so far)` : ''}.`,
    release,
    rate: `${plural(r.copies, 'copy', 'copies')} in ${plural(r.bookings, 'booking')}: ${rate(r.ratePerThousand)} per 1000, against ${rate(r.baselinePerThousand)} per 1000 over the ${plural(r.baseline.nights, 'night')} before (${plural(r.baseline.copies, 'copy', 'copies')} in ${plural(r.baseline.bookings, 'booking')}).`,
    causes: `Causes: ${causes || 'none recorded'}.`,
    money: `Money at stake: ${r.atStake.length > 0 ? formatMoneyList(r.atStake) : 'none to refund or void'}.`,
  };
}
