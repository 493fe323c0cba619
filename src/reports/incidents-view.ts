/**
 * The runbook's escalation, told once at the top of the engineering and ops reports: the hours
 * with more duplicate copies than the limit. A long window can hold dozens; one box each buried
 * the rest of the report (43 boxes, some 5,800 px, on a 30-day run), so it is one compact table:
 * how many, then the worst five (most copies first) with when, cause, client, sets and the money
 * at stake, and where the rest are. A client id may hold a guest's address (a client that names
 * itself by the booker); it is masked, as everywhere in the engineering report.
 */
import {
  causeColour,
  causeLabel,
  count,
  formatMoney,
  formatMoneyList,
  formatTimestamp,
  type Incident,
  plansMoney,
  plural,
  ROOT_CAUSES,
  type RunReport,
} from '../model/index.ts';
import { maskEmailsIn } from './mask-email.ts';

/** The rows an email can carry without pushing the report below the fold. */
export const WORST_INCIDENTS = 5;

export interface IncidentRow {
  /** "25 Nov 2026 14:02–14:41 UTC"; the HTML writes the day and the hours on lines of their own. */
  readonly when: string;
  readonly whenDay: string;
  readonly whenHours: string;
  readonly copies: string;
  /** "7 copies", "12 sets": the plain-text report's words. */
  readonly copiesText: string;
  readonly setsText: string;
  /** "up to 7 in one hour", and "peak 7/h" where space is short. */
  readonly peak: string;
  readonly peakShort: string;
  readonly sets: string;
  readonly cause: string;
  readonly colour: string;
  /** "5 of 7 sets" when the sets had more than one cause, else "". */
  readonly causeShare: string;
  /** The client with the most copies, masked, and how many others. */
  readonly client: string;
  readonly clientId: string;
  readonly clientCopies: string;
  readonly otherClients: string;
  /** One line per currency; empty when the incident's plans move no money. */
  readonly atStake: readonly string[];
  readonly atStakeText: string;
}

export interface IncidentsView {
  readonly headline: string;
  readonly advice: string;
  /** "The worst five, most copies first:" and the like; "" for a single incident. */
  readonly intro: string;
  readonly rows: readonly IncidentRow[];
  /** "… and 38 more incidents: …", or null when every incident is shown. */
  readonly more: string | null;
}

const HH_MM = (d: Date): string =>
  `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;

/** One day written once: "25 Nov 2026" and "14:02–14:41 UTC"; across midnight both ends in full. */
function span(from: string, to: string): { day: string; hours: string } {
  const a = new Date(from);
  const b = new Date(to);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return { day: from, hours: `– ${to}` };
  if (a.toISOString().slice(0, 10) !== b.toISOString().slice(0, 10))
    return { day: formatTimestamp(from), hours: `– ${formatTimestamp(to)}` };
  const day = formatTimestamp(from).replace(/ \d\d:\d\d UTC$/, '');
  return { day, hours: `${HH_MM(a)}–${HH_MM(b)} UTC` };
}

/** Most copies first, then the busiest hour, then the earliest: the order the on-call reads. */
function worstFirst(a: Incident, b: Incident): number {
  return (
    b.copies - a.copies || b.peakPerHour - a.peakPerHour || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)
  );
}

function row(incident: Incident, report: RunReport): IncidentRow {
  const ids = new Set(incident.setIds);
  const sets = report.sets.filter((s) => ids.has(s.setId));
  const byCause = ROOT_CAUSES.map((c) => ({ c, n: sets.filter((s) => s.rootCause === c).length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  const main = byCause[0]?.c ?? 'UNKNOWN';
  const money = plansMoney(sets.flatMap((s) => (s.plan ? [{ plan: s.plan, status: s.plan.status }] : [])));
  const atStake = money.atStake.map((t) => formatMoney(t.amount, t.currency));
  const [top, ...others] = incident.clients;
  const when = span(incident.from, incident.to);
  return {
    when: `${when.day} ${when.hours}`,
    whenDay: when.day,
    whenHours: when.hours,
    copies: count(incident.copies),
    copiesText: plural(incident.copies, 'copy', 'copies'),
    setsText: plural(incident.setIds.length, 'set'),
    peak: `up to ${count(incident.peakPerHour)} in one hour`,
    peakShort: `peak ${count(incident.peakPerHour)}/h`,
    sets: count(incident.setIds.length),
    cause: causeLabel(main),
    colour: causeColour(main),
    causeShare: byCause.length > 1 ? `${count(byCause[0]!.n)} of ${plural(sets.length, 'set')}` : '',
    client: top
      ? `${maskEmailsIn(top.clientId)} (${plural(top.copies, 'copy', 'copies')})`
      : 'unknown client',
    clientId: top ? maskEmailsIn(top.clientId) : 'unknown client',
    clientCopies: top ? plural(top.copies, 'copy', 'copies') : '',
    otherClients: others.length > 0 ? plural(others.length, 'other client') : '',
    atStake,
    atStakeText: atStake.length > 0 ? formatMoneyList(money.atStake) : 'nothing to move',
  };
}

export function incidentsView(report: RunReport): IncidentsView | null {
  const all = report.incidents;
  if (all.length === 0) return null;
  const copies = all.reduce((a, b) => a + b.copies, 0);
  const limit = all[0]!.limitPerHour;
  const peak = Math.max(...all.map((b) => b.peakPerHour));
  const worst = all.slice().sort(worstFirst).slice(0, WORST_INCIDENTS);
  const rest = all.length - worst.length;
  return {
    headline:
      all.length === 1
        ? `Incident: ${plural(copies, 'duplicate copy', 'duplicate copies')}, up to ${count(peak)} within one hour`
        : `${count(all.length)} incidents: ${plural(copies, 'duplicate copy', 'duplicate copies')}, up to ${count(peak)} within one hour`,
    advice: `More than the ${count(limit)} an hour the runbook allows: escalate to the on-call engineer.`,
    intro:
      all.length === 1
        ? ''
        : rest > 0
          ? `The worst ${worst.length} of ${count(all.length)}, most copies first:`
          : 'Most copies first:',
    rows: worst.map((b) => row(b, report)),
    more:
      rest > 0
        ? `… and ${plural(rest, 'more incident')}: every incident, with its sets and clients, is in this run's report.json under "incidents".`
        : null,
  };
}
