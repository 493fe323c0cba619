/**
 * Chart geometry, computed once for both renderings: the email draws it as table cells (Gmail
 * and Outlook drop inline SVG), the saved report as SVG. Templates only place the numbers.
 */
import { ROOT_CAUSES, type RootCause } from '../model/index.ts';
import { causeColour, causeLabel, count, percent } from './format.ts';
import type { RunHistoryEntry } from './types.ts';

export interface CauseBar {
  readonly cause: RootCause;
  readonly label: string;
  readonly colour: string;
  readonly count: string;
  readonly share: string;
  /** Bar length as a percent of the largest cause (email table cell width). */
  readonly widthPct: number;
  /** The rest of the row, so the two cells add up to 100. */
  readonly restPct: number;
  /** SVG geometry. */
  readonly y: number;
  readonly textY: number;
  readonly barWidth: number;
}

const BAR_AREA = 300;
const ROW = 26;

export function causeBars(byCause: Readonly<Record<RootCause, number>>): {
  bars: CauseBar[];
  svgHeight: number;
} {
  const total = ROOT_CAUSES.reduce((a, c) => a + byCause[c], 0);
  const max = Math.max(1, ...ROOT_CAUSES.map((c) => byCause[c]));
  const bars = ROOT_CAUSES.map((cause, i) => {
    const n = byCause[cause];
    const widthPct = n === 0 ? 0 : Math.max(2, Math.round((n / max) * 100));
    return {
      cause,
      label: causeLabel(cause),
      colour: causeColour(cause),
      count: count(n),
      share: percent(n, total),
      widthPct,
      restPct: 100 - widthPct,
      y: i * ROW + 4,
      textY: i * ROW + 17,
      barWidth: n === 0 ? 0 : Math.max(2, Math.round((n / max) * BAR_AREA)),
    };
  });
  return { bars, svgHeight: ROOT_CAUSES.length * ROW };
}

export interface TrendSegment {
  readonly colour: string;
  /** Email: cell height in px. */
  readonly height: number;
  /** SVG: top edge and height. */
  readonly y: number;
  readonly h: number;
}

export interface TrendColumn {
  readonly runId: string;
  readonly label: string;
  readonly total: number;
  readonly current: boolean;
  readonly segments: TrendSegment[];
  readonly x: number;
  readonly width: number;
  /** Email: empty space above the stack, in px. */
  readonly spacer: number;
}

export interface TrendChart {
  readonly columns: TrendColumn[];
  readonly max: number;
  readonly firstLabel: string;
  readonly lastLabel: string;
  readonly legend: { label: string; colour: string }[];
  readonly svgWidth: number;
  readonly emailHeight: number;
}

const EMAIL_HEIGHT = 90;
const SVG_HEIGHT = 140;
const SVG_WIDTH = 620;

function shortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The last `runs` runs, oldest first, the current run last (replacing a history entry of the same id). */
export function trendChart(
  history: readonly RunHistoryEntry[],
  current: RunHistoryEntry,
  runs = 30,
): TrendChart {
  const earlier = history
    .filter((h) => h.runId !== current.runId)
    .slice()
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
    .slice(-(runs - 1));
  const entries = [...earlier, current];
  const max = Math.max(
    1,
    ...entries.map((e) => ROOT_CAUSES.reduce((a, c) => a + (e.byRootCause[c] ?? 0), 0)),
  );
  const slot = SVG_WIDTH / runs;
  const columns = entries.map((e, i) => {
    let top = SVG_HEIGHT;
    let used = 0;
    const segments: TrendSegment[] = [];
    // Stacked bottom-up in the legend's order; email cells are listed top-down, hence the reverse.
    for (const cause of ROOT_CAUSES) {
      const n = e.byRootCause[cause] ?? 0;
      if (n === 0) continue;
      const h = (n / max) * SVG_HEIGHT;
      top -= h;
      const height = Math.max(1, Math.round((n / max) * EMAIL_HEIGHT));
      used += height;
      segments.push({ colour: causeColour(cause), height, y: round(top), h: round(h) });
    }
    const total = ROOT_CAUSES.reduce((a, c) => a + (e.byRootCause[c] ?? 0), 0);
    return {
      runId: e.runId,
      label: shortDate(e.window.to),
      total,
      current: e.runId === current.runId,
      segments: segments.reverse(),
      x: round(i * slot + slot * 0.15),
      width: round(slot * 0.7),
      spacer: Math.max(0, EMAIL_HEIGHT - used),
    };
  });
  return {
    columns,
    max,
    firstLabel: columns[0]?.label ?? '',
    lastLabel: columns.at(-1)?.label ?? '',
    legend: ROOT_CAUSES.map((c) => ({ label: causeLabel(c), colour: causeColour(c) })),
    svgWidth: SVG_WIDTH,
    emailHeight: EMAIL_HEIGHT,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
