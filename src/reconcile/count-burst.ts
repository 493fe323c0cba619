/**
 * The runbook escalates "more than 5 duplicates in one hour": that is an incident, not a
 * retry. For each DUPLICATE set this counts the largest number of duplicate copies (every member
 * but the earliest created of each set) from all sets of the run that fall within one hour
 * (a span shorter than 60 minutes) together with one of this set's copies.
 * Linear after sorting: a sliding window maximum over the window counts.
 */
import type { LabelledSet } from '../model/index.ts';

const HOUR_MS = 3_600_000;

interface Copy {
  readonly setId: string;
  readonly t: number;
}

function copiesOf(set: Pick<LabelledSet, 'setId' | 'members'>): Copy[] {
  const times = set.members
    .map((m) => ({ t: Date.parse(m.createdAt), at: m.createdAt }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => a.t - b.t || (a.at < b.at ? -1 : 1));
  return times.slice(1).map(({ t }) => ({ setId: set.setId, t }));
}

export function countBurst(
  sets: readonly Pick<LabelledSet, 'setId' | 'verdict' | 'members'>[],
): Map<string, number> {
  const result = new Map<string, number>();
  const copies: Copy[] = [];
  for (const set of sets) {
    if (set.verdict !== 'DUPLICATE') continue;
    result.set(set.setId, 0);
    copies.push(...copiesOf(set));
  }
  copies.sort((a, b) => a.t - b.t);
  const n = copies.length;
  // count[i]: copies in [t_i, t_i + 1 h).
  const count = new Array<number>(n);
  for (let i = 0, end = 0; i < n; i++) {
    while (end < n && copies[end]!.t < copies[i]!.t + HOUR_MS) end++;
    count[i] = end - i;
  }
  // A window starting at copy i covers copy m (i <= m) while t_m < t_i + 1 h; keep the best such i.
  const deque: number[] = [];
  for (let m = 0; m < n; m++) {
    while (deque.length > 0 && count[deque[deque.length - 1]!]! <= count[m]!) deque.pop();
    deque.push(m);
    while (copies[deque[0]!]!.t <= copies[m]!.t - HOUR_MS) deque.shift();
    const best = count[deque[0]!]!;
    const setId = copies[m]!.setId;
    if (best > result.get(setId)!) result.set(setId, best);
  }
  return result;
}
