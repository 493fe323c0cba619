/**
 * The simulator's only source of chance: a seeded sfc32 generator. Everything the simulator
 * writes is drawn from here in a fixed order, so one seed always gives the same tables.
 * (No Math.random, no wall clock.)
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const compiled = new WeakMap<object, { keys: string[]; upTo: number[]; total: number }>();

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small integer seed over the 128-bit state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Real in [lo, hi). */
  real(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks a key by weight; weights need not sum to one. Pass a constant object: it is compiled once. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    let table = compiled.get(weights);
    if (!table) {
      const keys = Object.keys(weights) as K[];
      let sum = 0;
      const upTo = keys.map((k) => (sum += weights[k]));
      table = { keys, upTo, total: sum };
      compiled.set(weights, table);
    }
    const r = this.next() * table.total;
    const { keys, upTo } = table;
    for (let i = 0; i < keys.length; i++) if (r < upTo[i]!) return keys[i] as K;
    return keys[keys.length - 1] as K;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal around a median, spread sigma (in log space): request durations, gaps. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) {
      const x = this.u32();
      s += HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
    }
    return s.length === n ? s : s.slice(0, n);
  }

  /** A version-4 UUID, the shape most clients use for Idempotency-Key and correlation ids. */
  uuid(): string {
    const a = this.u32().toString(16).padStart(8, '0');
    const b = this.u32().toString(16).padStart(8, '0');
    const c = this.u32().toString(16).padStart(8, '0');
    const d = this.u32().toString(16).padStart(8, '0');
    const variant = '89ab'[this.u32() & 3];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }
}
