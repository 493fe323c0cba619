/** Nights between two "YYYY-MM-DD" dates, computed on the calendar (no time zone can shift it). */
import { DataError } from '../errors/index.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string, field: string): number {
  const m = DATE.exec(date);
  if (!m) throw new DataError(`not a date: ${JSON.stringify(date)}`, { field });
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

export function nightsBetween(checkIn: string, checkOut: string): number {
  const n = dayNumber(checkOut, 'checkOut') - dayNumber(checkIn, 'checkIn');
  if (n <= 0)
    throw new DataError(`checkOut ${checkOut} is not after checkIn ${checkIn}`, { field: 'checkOut' });
  return n;
}
