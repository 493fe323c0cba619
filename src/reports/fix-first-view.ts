/**
 * "What to fix first" in the engineering report: the clients report.json's `fixFirst` ranks, each
 * with its copies, rate, money at stake per currency, the cause behind most copies and the
 * runbook's fix, and links to example sets (the console's set page when one is configured, else
 * the set ids to look up). The email shows the top FIX_FIRST_EMAIL_ROWS, the saved report up to
 * `fileTopN`; report.json holds every client. Client ids go through maskEmailsIn, as everywhere
 * in the engineering report: a client may name itself by the booker's address.
 */
import {
  causeColour,
  causeLabel,
  clientRelease,
  count,
  type FixFirstRow,
  formatMoney,
  formatMoneyList,
  formatTimestamp,
  formatWindow,
  plural,
  type RunReport,
} from '../model/index.ts';
import { setLink } from './console-link.ts';
import { maskEmailsIn } from './mask-email.ts';

/** Rows an email carries: the few a team can take on this week, above the fold on a phone. */
export const FIX_FIRST_EMAIL_ROWS = 5;

/** "1 Nov 2026": a night is named by the day it begins (UTC). */
const DAY = (iso: string): string => formatTimestamp(iso).replace(/ \d\d:\d\d UTC$/, '');

function nightsText(r: FixFirstRow): string {
  const first = DAY(r.firstNight.from);
  const last = DAY(r.lastNight.from);
  return first === last ? `copies on ${first}` : `copies from ${first} to ${last}`;
}

function row(r: FixFirstRow, rank: number, consoleUrl: string | null) {
  const copiesText = plural(r.copies, 'copy', 'copies');
  const main = r.causes[0]?.copies ?? r.copies;
  // Masked whole, then split: an address split at its @ would no longer read as one to mask.
  const clientId = maskEmailsIn(r.clientId);
  const { client, release } = clientRelease(clientId);
  return {
    rank,
    clientId,
    client,
    release,
    copies: count(r.copies),
    copiesText,
    rate: r.perThousand === null ? 'no bookings counted' : `${r.perThousand.toFixed(1)} per 1,000 bookings`,
    rateShort: r.perThousand === null ? '–' : r.perThousand.toFixed(1),
    atStake: r.atStake.map((t) => formatMoney(t.amount, t.currency)),
    atStakeText: r.atStake.length > 0 ? formatMoneyList(r.atStake) : 'nothing to move',
    cause: causeLabel(r.cause),
    colour: causeColour(r.cause),
    causeShare: r.causes.length > 1 ? `${count(main)} of ${copiesText}` : '',
    fixTitle: r.fix.title,
    fixText: r.fix.text,
    nights: nightsText(r),
    examples: r.exampleSetIds.map((id) => ({ id: maskEmailsIn(id), link: setLink(consoleUrl, id) })),
  };
}

export type FixFirstView = ReturnType<typeof fixFirstView>;

/** The section, or null when the run did not rank the clients (no `fixFirst` in its report). */
export function fixFirstView(report: RunReport, consoleUrl: string | null, limit: number) {
  const ff = report.fixFirst;
  if (!ff) return null;
  const period = formatWindow(ff.period);
  const shown = ff.rows.slice(0, Math.max(0, limit));
  const rest = ff.rows.length - shown.length;
  const tie =
    ff.mainCurrency && ff.rows.length > 1
      ? ` Clients with as many copies are ranked by their money at stake in ${ff.mainCurrency}, the currency most of it is in.`
      : '';
  return {
    lead:
      ff.rows.length > 0
        ? `Clients, release by release, by the duplicate copies they left over the trend's period (${period}), each with the cause behind most of its copies and the runbook's fix for it.${tie}`
        : '',
    empty:
      ff.nights === 0
        ? `No clients' nights are recorded for the trend's period (${period}) yet: each run records its own, and the ranking fills in as they do.`
        : ff.rows.length === 0
          ? `No client left a duplicate copy over the trend's period (${period}, ${plural(ff.nights, 'night')} recorded).`
          : null,
    rows: shown.map((r, i) => row(r, i + 1, consoleUrl)),
    more:
      rest > 0
        ? `… and ${plural(rest, 'more client')} with copies: every one is in this run's report.json under "fixFirst".`
        : null,
  };
}
