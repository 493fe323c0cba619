/**
 * The engineering report's "Release regressions" box, at its top beside the incidents: each
 * client whose copies per 1000 bookings rose far above its baseline, with the release that
 * differs from the last good one, the first night, the rate against the baseline, the causes,
 * the money at stake and its example sets (linked into the console when one is configured).
 * The words are the alert's (regressionWords). Client ids are masked, as everywhere in the
 * engineering report. The most copies first: the email shows REGRESSION_EMAIL_ROWS, the saved
 * report up to `fileTopN`, as What to fix first does; report.json holds every one.
 */
import { count, plural, type RunReport, regressionWords, setsLink } from '../model/index.ts';
import { maskEmailsIn } from './mask-email.ts';

/** The regressions an email shows: the few that fit above the fold beside the incidents. */
export const REGRESSION_EMAIL_ROWS = 5;

export interface RegressionRow {
  readonly headline: string;
  readonly firstNight: string;
  readonly release: string;
  readonly rate: string;
  readonly causes: string;
  readonly money: string;
  readonly examples: string;
  readonly link: string | null;
}

export interface RegressionsView {
  readonly title: string;
  readonly rows: readonly RegressionRow[];
  readonly more: string | null;
}

export function regressionsView(
  report: RunReport,
  consoleUrl: string | null,
  limit = REGRESSION_EMAIL_ROWS,
): RegressionsView | null {
  const all = report.regressions ?? [];
  if (all.length === 0) return null;
  const shown = all
    .slice()
    .sort((a, b) => b.copies - a.copies || (a.client < b.client ? -1 : a.client > b.client ? 1 : 0))
    .slice(0, Math.max(1, limit));
  const rest = all.length - shown.length;
  return {
    title: `Release regressions: ${plural(all.length, 'client')} far above ${all.length === 1 ? 'its' : 'their'} own baseline`,
    rows: shown.map((r) => {
      const words = regressionWords(r);
      return {
        headline: maskEmailsIn(words.headline),
        firstNight: words.firstNight,
        release: maskEmailsIn(words.release),
        rate: words.rate,
        causes: words.causes,
        money: words.money,
        examples: r.exampleSetIds.map(maskEmailsIn).join(', '),
        link: setsLink(consoleUrl, r.exampleSetIds),
      };
    }),
    more:
      rest > 0
        ? `… and ${count(rest)} more: every regression is in this run's report.json under "regressions".`
        : null,
  };
}
