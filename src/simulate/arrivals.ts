/**
 * When bookings start: sorted arrival times over the window with a daily rhythm (quiet at night,
 * busy in the evening, in UTC since the guests are spread over Europe and the Americas). Drawn
 * as sorted uniform points (each the minimum of the points still to come) and mapped through the
 * cumulative hourly load, so the order is exact and nothing has to be sorted.
 */
import type { Prng } from './prng.ts';
import { HOUR } from './time.ts';

const HOURLY = [
  3, 2, 1.5, 1.2, 1.2, 1.5, 2.5, 4, 5.5, 6.5, 7, 7, 7, 7, 6.8, 6.8, 7, 7.5, 8.5, 9.5, 9.5, 8, 6, 4.5,
];

export class Arrivals {
  private readonly cumulative: number[] = [0];
  private u = 0;

  constructor(
    private readonly prng: Prng,
    private readonly from: number,
    private readonly end: number,
  ) {
    const hours = Math.ceil((end - from) / HOUR);
    let sum = 0;
    for (let h = 0; h < hours; h++) {
      const start = from + h * HOUR;
      const span = Math.min(HOUR, end - start) / HOUR;
      sum += HOURLY[Math.floor(start / HOUR) % 24]! * span;
      this.cumulative.push(sum);
    }
    const total = sum;
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i] = this.cumulative[i]! / total;
  }

  /** Share of the load already behind: 0 at the start, 1 at the end. */
  get progress(): number {
    return this.u;
  }

  /** The next arrival, with `remaining` arrivals (this one included) still to come. */
  next(remaining: number): number {
    this.u += (1 - this.u) * (1 - (1 - this.prng.next()) ** (1 / Math.max(1, remaining)));
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (c[mid]! <= this.u) lo = mid;
      else hi = mid;
    }
    const within = (this.u - c[lo]!) / (c[hi]! - c[lo]! || 1);
    return Math.min(this.end - 1, Math.floor(this.from + (lo + within) * HOUR));
  }
}
