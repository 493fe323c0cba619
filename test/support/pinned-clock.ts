/**
 * The clock of the tests whose data and windows follow the time of day, such as the scheduler's
 * nights and the burst watch's last hour. `RESRECON_TEST_CLOCK` says where it starts, a time of day in
 * UTC (`01:59:50`, today) or an instant (`2026-03-01T12:00:00Z`); unset, it is the real clock.
 * It then runs at the real pace, one constant ahead of or behind the real clock, so timers,
 * durations and timeouts are untouched and only the hour moves. The variable is read by the tests
 * alone; the product has no clock setting.
 *
 *   RESRECON_TEST_CLOCK=01:59:50 npx vitest run src/schedule
 *
 * A child process a test starts gets the same shift: spawn it with `clockArgs()` before its
 * script (see pinned-clock-preload.ts).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The variable a child process reads its shift from, in milliseconds. */
export const SHIFT_VARIABLE = 'RESRECON_TEST_CLOCK_SHIFT_MS';

/** Where the variable puts the clock's start, or null for the real clock. */
export function pinnedStart(text = process.env['RESRECON_TEST_CLOCK']): number | null {
  if (text === undefined || text.trim() === '') return null;
  const timeOfDay = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const at = timeOfDay
    ? Math.floor(Date.now() / 86_400_000) * 86_400_000 +
      ((Number(timeOfDay[1]) * 60 + Number(timeOfDay[2])) * 60 + Number(timeOfDay[3] ?? 0)) * 1000
    : Date.parse(text);
  if (Number.isNaN(at)) {
    throw new Error(`RESRECON_TEST_CLOCK=${text} is neither HH:MM[:SS] (UTC) nor an ISO instant`);
  }
  return at;
}

/**
 * Moves this process's clock by `shiftMs`: `Date.now()` and `new Date()` read the real time plus
 * the shift; dates made from a value, and `instanceof Date`, are as before. Returns the undo.
 */
export function shiftClock(shiftMs: number): () => void {
  const Real = globalThis.Date;
  if (shiftMs === 0) return () => undefined;
  class Shifted extends Real {
    // biome-ignore lint/suspicious/noExplicitAny: the Date constructor's own overloads
    constructor(...args: any[]) {
      if (args.length === 0) super(Real.now() + shiftMs);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return Real.now() + shiftMs;
    }
    // Dates the engines' drivers make natively are instances of the real Date.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Real;
    }
  }
  globalThis.Date = Shifted as DateConstructor;
  return () => {
    globalThis.Date = Real;
  };
}

/**
 * Pins this process's clock as RESRECON_TEST_CLOCK says, for the rest of the test file (call it
 * at the top, before any data is made from the clock). Returns the shift, 0 for the real clock.
 */
export function pinClock(): { shiftMs: number; undo: () => void } {
  const start = pinnedStart();
  const shiftMs = start === null ? 0 : start - Date.now();
  if (start !== null) console.info(`clock pinned: the test starts at ${new Date(start).toISOString()}`);
  return { shiftMs, undo: shiftClock(shiftMs) };
}

/**
 * Sets this process's clock, pinned or not, to `time` (as RESRECON_TEST_CLOCK reads it) for tests
 * that need one hour whatever the clock says. Returns the undo.
 */
export function clockAt(time: string): () => void {
  return shiftClock(pinnedStart(time)! - Date.now());
}

// Both by address: a child's working folder is no project folder.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PRELOAD = pathToFileURL(resolve(import.meta.dirname, 'pinned-clock-preload.ts')).href;

/** Node options that give a child process the clock shifted by `shiftMs` (none for 0). */
export function clockArgs(shiftMs: number): { args: string[]; env: Record<string, string> } {
  if (shiftMs === 0) return { args: [], env: {} };
  return { args: ['--import', TSX, '--import', PRELOAD], env: { [SHIFT_VARIABLE]: String(shiftMs) } };
}
