/**
 * `simulate`: creates the reference schema in an empty database and streams a generated booking
 * history into it, one COPY per table on its own connection, while the generator runs. The
 * constraints and indexes are built after the load, then the labels go into schema `simulation`.
 * On failure everything created is dropped again, so a database is either filled or untouched.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { ConfigError } from '../errors/index.ts';
import { fromMinor } from '../model/index.ts';
import { buildCatalog } from './catalog.ts';
import { CopySink } from './copy-sink.ts';
import { generate } from './generate.ts';
import { IdMaker } from './ids.ts';
import { Prng } from './prng.ts';
import {
  DUPLICATE_VARIANTS,
  REGRESSION_VARIANT,
  type ResolvedRealities,
  resolveRealities,
} from './realities.ts';
import { type ResolvedRegression, resolveRegression } from './release-regression.ts';
import { connectTarget, ensureEmpty } from './target.ts';
import { HOUR, isoMicros, MINUTE, parseMicros } from './time.ts';
import { type TableName, Timeline } from './timeline.ts';
import { CAUSES, DEFECTS, LOOK_ALIKE_KINDS } from './truth.ts';
import { RUNBOOK_MIX, type SimulateOptions, type SimulationSummary } from './types.ts';
import { COLUMNS, World } from './world.ts';
import { writeTruth } from './write-truth.ts';

const sql = (name: string): string => readFileSync(new URL(`./sql/${name}`, import.meta.url), 'utf8');
const TABLES: readonly TableName[] = [
  'Reservation',
  'Payment',
  'IdempotencyRecord',
  'IdempotencyLock',
  'api_logs',
];
const DROP_ALL = `DROP SCHEMA IF EXISTS simulation CASCADE;
  DROP TABLE IF EXISTS "Payment", "Reservation", "IdempotencyRecord", "IdempotencyLock", api_logs CASCADE;`;

const secs = (ms: number): number => Math.round(ms / 100) / 10;

function checkOptions(o: SimulateOptions): {
  from: number;
  to: number;
  realities: ResolvedRealities;
  regression: ResolvedRegression | null;
} {
  const from = parseMicros(o.from);
  const to = parseMicros(o.to);
  if (Number.isNaN(from)) throw new ConfigError(`not an ISO-8601 instant: ${o.from}`, '--from');
  if (Number.isNaN(to)) throw new ConfigError(`not an ISO-8601 instant: ${o.to}`, '--to');
  if (to - from < 12 * HOUR) throw new ConfigError('the window must span at least 12 hours', '--from/--to');
  if (!Number.isInteger(o.reservations) || o.reservations < 100) {
    throw new ConfigError(
      `reservations must be a whole number of at least 100, got ${o.reservations}`,
      '--reservations',
    );
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new ConfigError(`seed must be a whole number from 0 to 4294967295, got ${o.seed}`, '--seed');
  }
  const weights = Object.values(o.mix ?? RUNBOOK_MIX);
  if (weights.some((w) => !Number.isFinite(w) || w < 0) || !weights.some((w) => w > 0)) {
    throw new ConfigError('mix weights must be numbers of at least 0, one of them above 0', '--mix');
  }
  const rate = o.duplicateRate ?? 0.02;
  if (!(rate >= 0 && rate <= 0.3))
    throw new ConfigError(`duplicate rate must be within 0 and 0.3, got ${rate}`, '--duplicate-rate');
  const realities = resolveRealities(o.realities);
  const regression = resolveRegression(
    o.regression,
    { from, to },
    realities.releaseRegressions,
    o.mix ?? RUNBOOK_MIX,
  );
  return { from, to, realities, regression };
}

export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const { from, to, realities, regression } = checkOptions(options);
  const mix = options.mix ?? RUNBOOK_MIX;
  const duplicateRate = options.duplicateRate ?? 0.02;
  const main = await connectTarget(options.targetUrl);
  const copiers: pg.Client[] = [];
  let created = false;
  try {
    await ensureEmpty(main);
    created = true;
    await main.query(sql('schema.sql'));
    await main.query(sql('before-load.sql'));
    for (let i = 0; i < TABLES.length; i++) copiers.push(await connectTarget(options.targetUrl));
    const sinks = Object.fromEntries(
      TABLES.map((t, i) => [t, new CopySink(copiers[i]!, 'public', t, COLUMNS[t])]),
    ) as Record<TableName, CopySink>;
    const prng = new Prng(options.seed);
    const span = to - from;
    const gapFrom = from + Math.floor(span * prng.real(0.35, 0.65));
    const logGap = {
      from: gapFrom,
      to: gapFrom + Math.round(Math.min(6 * HOUR, Math.max(20 * MINUTE, span * 0.004))),
    };
    const timeline = new Timeline(sinks, from, to, logGap);
    const properties = buildCatalog(prng, 320);
    const world = new World(prng, new IdMaker(prng), timeline, {
      seed: options.seed,
      from,
      to,
      guests: Math.max(500, Math.floor(options.reservations / 2.2)),
      properties,
      regression,
    });
    const wait = (): Promise<void> => Promise.all(TABLES.map((t) => sinks[t].ready())).then(() => undefined);
    await generate(world, {
      reservations: options.reservations,
      mix,
      duplicateRate,
      realities,
      logGap,
      wait,
      onProgress: options.onProgress,
    });
    await Promise.all(TABLES.map((t) => sinks[t].end()));
    const loaded = performance.now();
    const rows = Object.fromEntries(TABLES.map((t) => [t, sinks[t].rows]));
    for (const t of TABLES) options.onProgress?.(t, sinks[t].rows);
    // Three independent groups of index builds, side by side on the loaders' connections.
    await Promise.all(
      ['after-load-bookings.sql', 'after-load-api-logs.sql', 'after-load-idempotency.sql'].map((f, i) =>
        copiers[i]!.query(sql(f)),
      ),
    );
    const indexed = performance.now();
    const duplicateSets = Object.fromEntries(
      CAUSES.map((c) => [c, world.truth.sets.filter((s) => s.cause === c).length]),
    );
    const lookAlikeGroups = Object.fromEntries(
      LOOK_ALIKE_KINDS.map((k) => [k, world.truth.groups.filter((g) => g.kind === k).length]),
    );
    const malformed = Object.fromEntries(
      DEFECTS.map((d) => [d, world.truth.malformed.filter((m) => m.defect === d).length]),
    );
    const duplicateVariants = Object.fromEntries(
      DUPLICATE_VARIANTS.map((v) => [v, world.truth.sets.filter((s) => s.variant === v).length]),
    ) as SimulationSummary['duplicateVariants'];
    const oneName = world.truth.groups.filter((g) => g.paymentKind !== null);
    const oneNameCheckouts = {
      cart: oneName.filter((g) => g.paymentKind === 'cart').length,
      perRoom: oneName.filter((g) => g.paymentKind === 'per-room').length,
      indistinguishable: oneName.filter((g) => g.indistinguishable).length,
    };
    await main.query(sql('truth-schema.sql'));
    await writeTruth(
      main,
      world.truth,
      {
        seed: options.seed,
        from,
        to,
        reservations: world.made,
        duplicateRate,
        mix,
        realities,
        counts: { rows, duplicateSets, duplicateVariants, lookAlikeGroups, oneNameCheckouts, malformed },
        logGap,
        regression,
      },
      (ts) => timeline.logged(ts),
    );
    const currencies = [...world.money.amount.keys()].sort();
    return {
      seed: options.seed,
      from: isoMicros(from),
      to: isoMicros(to),
      rows,
      duplicateSets: duplicateSets as SimulationSummary['duplicateSets'],
      duplicateVariants,
      lookAlikeGroups: lookAlikeGroups as SimulationSummary['lookAlikeGroups'],
      oneNameCheckouts,
      realities,
      releaseRegression: regression && {
        client: regression.client,
        release: regression.release,
        replaces: regression.replaces,
        firstNight: regression.firstNight,
        share: regression.share,
        sets: duplicateVariants[REGRESSION_VARIANT],
      },
      malformed: malformed as SimulationSummary['malformed'],
      payments: currencies.map((c) => ({
        currency: c,
        amount: fromMinor(world.money.amount.get(c)!),
        refunded: fromMinor(world.money.refunded.get(c) ?? 0n),
      })),
      logGap: { from: isoMicros(logGap.from), to: isoMicros(logGap.to) },
      seconds: secs(performance.now() - started),
      phases: {
        generateAndLoad: secs(loaded - started),
        constraintsAndIndexes: secs(indexed - loaded),
        labels: secs(performance.now() - indexed),
      },
    };
  } catch (err) {
    for (const c of copiers) await c.end().catch(() => {});
    copiers.length = 0;
    if (created) await main.query(DROP_ALL).catch(() => {});
    throw err;
  } finally {
    for (const c of copiers) await c.end().catch(() => {});
    await main.end().catch(() => {});
  }
}
