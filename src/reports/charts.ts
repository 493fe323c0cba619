/**
 * Chart geometry, computed once for both renderings: the email draws it as table cells (Gmail
 * and Outlook drop inline SVG), the saved report as SVG. Templates only place the numbers. The
 * trend spreads its bars over the whole width whatever their number, says each bar's value over
 * it and dates every bar, or every k-th when they are too many to date each.
 */
import {
  causeColour,
  causeLabel,
  count,
  percent,
  plural,
  ROOT_CAUSES,
  type RootCause,
} from '../model/index.ts';
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

/** One bar before it is drawn: a run, or a day of a long window. */
export interface TrendEntry {
  /** The bar's date, "27 Nov". */
  readonly label: string;
  /** Run id or ISO day: which run or day the bar stands for. */
  readonly key: string;
  readonly byRootCause: Readonly<Partial<Record<RootCause, number>>>;
}

export interface TrendColumn {
  readonly label: string;
  readonly total: number;
  readonly segments: TrendSegment[];
  readonly x: number;
  readonly width: number;
  /** Email: empty space above the value and the stack, in px. */
  readonly spacer: number;
  /** The value over the bar ("" where there is no room for it): SVG and email each. */
  readonly value: string;
  readonly valueY: number;
  readonly emailValue: string;
  /** The date under the bar in the SVG ("" between labelled bars), and how it is anchored. */
  readonly axisLabel: string;
  readonly labelX: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

/** The email's date row: cells spanning k bars each, dated by their last bar. */
export interface TrendAxisCell {
  readonly colspan: number;
  readonly label: string;
}

export interface TrendChart {
  /** `runs`: one bar per run, the current run last; `days`: one bar per day of this run's window. */
  readonly per: 'runs' | 'days';
  readonly perRun: boolean;
  readonly title: string;
  readonly lead: string;
  readonly textTitle: string;
  readonly ariaLabel: string;
  readonly columns: TrendColumn[];
  /** Email: each column's share of the width, so a bar with a value is no wider than one without. */
  readonly columnPct: number;
  readonly axis: TrendAxisCell[];
  readonly firstLabel: string;
  readonly lastLabel: string;
  readonly legend: { label: string; colour: string }[];
  readonly svgWidth: number;
  readonly svgHeight: number;
  readonly baseline: number;
  readonly labelY: number;
}

/** Email: the stack's height, in px. */
const EMAIL_HEIGHT = 90;
/** SVG: room over the tallest bar for its value, the bars, and the date row under them. */
const SVG_TOP = 16;
const SVG_BARS = 130;
const SVG_WIDTH = 620;
const SVG_PAD = 8;
/** Dates that fit side by side: in the SVG (about 44 px each) and in an email read on a phone. */
const SVG_LABELS = 12;
const EMAIL_LABELS = 8;
/** Below this slot width the SVG's values would touch: only the dated bars carry one. */
const SVG_VALUE_SLOT = 18;
/** Above this many bars an email on a phone has no room for every value. */
const EMAIL_VALUES = 20;

export function shortDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

const totalOf = (e: TrendEntry): number => ROOT_CAUSES.reduce((a, c) => a + (e.byRootCause[c] ?? 0), 0);

/** Every k-th bar counted back from the last, so the newest bar is always dated. */
function every(n: number, fit: number): number {
  return Math.max(1, Math.ceil(n / fit));
}

function columnsOf(entries: readonly TrendEntry[]): TrendColumn[] {
  const n = entries.length;
  const max = Math.max(1, ...entries.map(totalOf));
  const slot = (SVG_WIDTH - 2 * SVG_PAD) / Math.max(1, n);
  // A handful of bars must not turn into slabs: at most 56 px wide, centred in their slot.
  const width = Math.min(slot * 0.7, 56);
  const k = every(n, SVG_LABELS);
  const kEmail = every(n, EMAIL_LABELS);
  const columns = entries.map((e, i) => {
    let top = SVG_BARS;
    let used = 0;
    const segments: TrendSegment[] = [];
    // Stacked bottom-up in the legend's order; email cells are listed top-down, hence the reverse.
    for (const cause of ROOT_CAUSES) {
      const v = e.byRootCause[cause] ?? 0;
      if (v === 0) continue;
      const h = (v / max) * SVG_BARS;
      top -= h;
      const height = Math.max(1, Math.round((v / max) * EMAIL_HEIGHT));
      used += height;
      segments.push({ colour: causeColour(cause), height, y: round(SVG_TOP + top), h: round(h) });
    }
    const total = totalOf(e);
    const dated = (n - 1 - i) % k === 0;
    const centre = SVG_PAD + i * slot + slot / 2;
    const anchor = centre < 24 ? 'start' : centre > SVG_WIDTH - 24 ? 'end' : 'middle';
    return {
      label: e.label,
      total,
      segments: segments.reverse(),
      x: round(centre - width / 2),
      width: round(width),
      spacer: Math.max(0, EMAIL_HEIGHT - used),
      value: slot >= SVG_VALUE_SLOT || dated ? count(total) : '',
      valueY: round(SVG_TOP + top - 4),
      emailValue: n <= EMAIL_VALUES || (n - 1 - i) % kEmail === 0 ? count(total) : '',
      axisLabel: dated ? e.label : '',
      labelX: round(
        anchor === 'start' ? SVG_PAD + i * slot : anchor === 'end' ? SVG_PAD + (i + 1) * slot : centre,
      ),
      anchor,
    } satisfies TrendColumn;
  });
  return columns;
}

/** The email's date row: groups of k bars from the last back, a short first group left undated. */
function axisOf(entries: readonly TrendEntry[]): TrendAxisCell[] {
  const n = entries.length;
  const k = every(n, EMAIL_LABELS);
  const cells: TrendAxisCell[] = [];
  for (let end = n - 1; end >= 0; end -= k) {
    const size = Math.min(k, end + 1);
    cells.unshift({ colspan: size, label: size === k ? entries[end]!.label : '' });
  }
  return cells;
}

function chart(
  entries: readonly TrendEntry[],
  words: Pick<TrendChart, 'per' | 'title' | 'lead' | 'textTitle' | 'ariaLabel'>,
): TrendChart {
  const columns = columnsOf(entries);
  return {
    ...words,
    perRun: words.per === 'runs',
    columns,
    columnPct: Math.floor((100 / Math.max(1, columns.length)) * 100) / 100,
    axis: axisOf(entries),
    firstLabel: columns[0]?.label ?? '',
    lastLabel: columns.at(-1)?.label ?? '',
    legend: ROOT_CAUSES.map((c) => ({ label: causeLabel(c), colour: causeColour(c) })),
    svgWidth: SVG_WIDTH,
    svgHeight: SVG_TOP + SVG_BARS + 22,
    baseline: SVG_TOP + SVG_BARS + 0.5,
    labelY: SVG_TOP + SVG_BARS + 16,
  };
}

/** Runs the per-run trend draws, the current one included. */
export const TREND_RUNS = 30;

/** The earlier runs the per-run trend draws beside the current one, oldest first. */
export function earlierTrendRuns(
  history: readonly RunHistoryEntry[],
  currentRunId: string,
  runs = TREND_RUNS,
): RunHistoryEntry[] {
  return history
    .filter((h) => h.runId !== currentRunId)
    .slice()
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
    .slice(-(runs - 1));
}

/** The last `runs` runs, oldest first, the current run last (replacing a history entry of the same id). */
export function trendChart(
  history: readonly RunHistoryEntry[],
  current: RunHistoryEntry,
  runs = TREND_RUNS,
): TrendChart {
  const earlier = earlierTrendRuns(history, current.runId, runs);
  const entries = [...earlier, current].map((e) => ({
    key: e.runId,
    label: shortDate(e.window.to),
    byRootCause: e.byRootCause,
  }));
  const n = entries.length;
  return chart(entries, {
    per: 'runs',
    title: n === 1 ? 'Trend: this run only, no earlier run recorded yet' : `Trend over the last ${n} runs`,
    lead:
      n === 1
        ? 'Duplicate sets in this run, stacked by root cause; the runs to come will stand beside it.'
        : "Duplicate sets per run, stacked by root cause, dated by the end of each run's window; the last bar is this run.",
    textTitle:
      n === 1
        ? 'TREND: THIS RUN ONLY, NO EARLIER RUN RECORDED YET (duplicate sets)'
        : `TREND, LAST ${n} RUNS (duplicate sets per run, oldest first)`,
    ariaLabel: `Duplicate sets per run, ${plural(n, 'run')}, by root cause`,
  });
}

/**
 * One bar per day of a long window, oldest first (`days` from setsPerDay). `partial` says the
 * window starts or ends inside a day, so the first or last bar covers less than a whole day.
 */
export function dailyTrendChart(days: readonly TrendEntry[], timeZone: string, partial: boolean): TrendChart {
  const n = days.length;
  return chart(days, {
    per: 'days',
    title: `Trend over the ${plural(n, 'day')} of this run's window`,
    lead:
      `Duplicate sets per day (${timeZone}), by the day their first copy was created, stacked by root cause` +
      (partial ? '; the first and last days are only partly inside the window.' : '.'),
    textTitle: `TREND, ${plural(n, 'DAY', 'DAYS')} OF THIS RUN'S WINDOW (duplicate sets per day, ${timeZone}, oldest first)`,
    ariaLabel: `Duplicate sets per day, ${plural(n, 'day')}, by root cause`,
  });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
