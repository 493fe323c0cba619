/**
 * The runbook's escalation rule: more than `perHour` duplicate copies created within one hour
 * is an incident (a client release without keys, a lock that stopped working), not a string of
 * unrelated retries. Reported once, at the top of the reports, with the sets and clients behind
 * it; the plans themselves are not flagged for it. Overlapping busy hours merge into one
 * incident. Linear after sorting.
 */
import { type Incident, type LabelledSet, setCopies } from '../model/index.ts';

const HOUR_MS = 3_600_000;

/** An incident as found, before the report states the limit it went past. */
export type Burst = Omit<Incident, 'limitPerHour'>;

interface Copy {
  readonly set: Pick<LabelledSet, 'setId' | 'clients'>;
  readonly t: number;
  readonly at: string;
  readonly clientId: string | null;
}

function copiesOf(set: Pick<LabelledSet, 'setId' | 'verdict' | 'members' | 'clients'>): Copy[] {
  return setCopies(set).map(({ member, t }) => ({ set, t, at: member.createdAt, clientId: member.clientId }));
}

export function findBursts(
  sets: readonly Pick<LabelledSet, 'setId' | 'verdict' | 'members' | 'clients'>[],
  perHour: number,
): Burst[] {
  const copies = sets.flatMap(copiesOf);
  copies.sort((a, b) => a.t - b.t || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const n = copies.length;
  const bursts: Burst[] = [];
  let start = -1;
  let end = -1;
  let peak = 0;
  const close = (): void => {
    if (start < 0) return;
    const inside = copies.slice(start, end);
    const byClient = new Map<string, number>();
    for (const c of inside) {
      const id = c.clientId ?? '(unknown client)';
      byClient.set(id, (byClient.get(id) ?? 0) + 1);
    }
    bursts.push({
      from: inside[0]!.at,
      to: inside.at(-1)!.at,
      copies: inside.length,
      peakPerHour: peak,
      setIds: [...new Set(inside.map((c) => c.set.setId))].sort(),
      clients: [...byClient.entries()]
        .map(([clientId, k]) => ({ clientId, copies: k }))
        .sort((a, b) => b.copies - a.copies || (a.clientId < b.clientId ? -1 : 1)),
    });
    start = -1;
    peak = 0;
  };
  for (let i = 0, j = 0; i < n; i++) {
    while (j < n && copies[j]!.t < copies[i]!.t + HOUR_MS) j++;
    const count = j - i;
    if (count <= perHour) {
      if (start >= 0 && i >= end) close();
      continue;
    }
    // Copies i .. j-1 fall within one hour: an incident, or more of the one already open.
    if (start >= 0 && i >= end) close();
    if (start < 0) start = i;
    end = Math.max(end, j);
    peak = Math.max(peak, count);
  }
  close();
  return bursts;
}
