/**
 * The runbook's escalation, told once at the top of the engineering and ops reports: each hour
 * with more duplicate copies than the limit, with the clients behind it and how many sets. A
 * client id may hold a guest's address (a client that names itself by the booker); it is masked,
 * as everywhere in the engineering report.
 */
import type { RunReport } from '../model/index.ts';
import { formatTimestamp, plural } from './format.ts';
import { maskEmailsIn } from './mask-email.ts';

export function incidentsView(report: RunReport) {
  return report.incidents.map((b) => ({
    headline: `Incident: ${plural(b.copies, 'duplicate copy', 'duplicate copies')} between ${formatTimestamp(b.from)} and ${formatTimestamp(b.to)}`,
    detail:
      `Up to ${b.peakPerHour} within one hour, more than the ${b.limitPerHour} the runbook allows: ` +
      `escalate to the on-call engineer. ${plural(b.setIds.length, 'duplicate set')} involved.`,
    clients: b.clients
      .map((c) => `${maskEmailsIn(c.clientId)} (${plural(c.copies, 'copy', 'copies')})`)
      .join(', '),
  }));
}
