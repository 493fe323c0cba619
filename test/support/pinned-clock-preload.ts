/**
 * Loaded before a child process's script (`node --import tsx --import …/pinned-clock-preload.ts`):
 * shifts its clock as the parent test's is, so both see the same time of day.
 */
import { SHIFT_VARIABLE, shiftClock } from './pinned-clock.ts';

shiftClock(Number(process.env[SHIFT_VARIABLE] ?? 0));
