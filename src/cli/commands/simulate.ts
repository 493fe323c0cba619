/**
 * `resrecon simulate`: fills an empty PostgreSQL database with a labelled booking history.
 * The defaults are fixed dates, not "now": the same command line always writes the same data.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.ts';
import type { Cause, Realities, ReleaseRegression } from '../../simulate/index.ts';
import { info, printValue } from '../output.ts';

const DEFAULT_TO = '2026-11-01T00:00:00Z';
const DEFAULT_FROM = '2026-10-02T00:00:00Z';
/** Positional --mix order: the runbook's table order. */
const MIX_ORDER: readonly Cause[] = ['NO_KEY', 'TIMEOUT_RETRY', 'MISSING_DEDUP', 'RACE'];

function wholeNumber(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.replaceAll('_', '')))
      throw new ConfigError(`${flag} wants a whole number, got "${value}"`, flag);
    return Number(value.replaceAll('_', ''));
  };
}

function rate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ConfigError(`--duplicate-rate wants a number such as 0.02, got "${value}"`, '--duplicate-rate');
  return n;
}

/** "60/25/10/5" (NO_KEY/TIMEOUT_RETRY/MISSING_DEDUP/RACE) or "NO_KEY=60,RACE=5,…". */
export function parseMix(value: string): Record<Cause, number> {
  const bad = (why: string): ConfigError => new ConfigError(`--mix ${why}: "${value}"`, '--mix');
  const mix: Record<Cause, number> = { NO_KEY: 0, TIMEOUT_RETRY: 0, MISSING_DEDUP: 0, RACE: 0 };
  if (value.includes('=')) {
    for (const part of value.split(',')) {
      const [name, weight] = part.split('=').map((s) => s.trim());
      if (!MIX_ORDER.includes(name as Cause)) throw bad(`names an unknown cause ${name}`);
      mix[name as Cause] = Number(weight);
    }
  } else {
    const parts = value.split('/').map((s) => Number(s.trim()));
    if (parts.length !== 4) throw bad('wants four weights, NO_KEY/TIMEOUT_RETRY/MISSING_DEDUP/RACE');
    MIX_ORDER.forEach((c, i) => {
      mix[c] = parts[i]!;
    });
  }
  const weights = Object.values(mix);
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw bad('weights must be numbers of at least 0');
  if (weights.every((w) => w === 0)) throw bad('needs at least one weight above 0');
  return mix;
}

/**
 * "lateCommits=0.3,initials=0": shares of the realities of real traffic by name, the others at
 * their defaults. Names and ranges are checked where every caller's are (simulate's
 * resolveRealities), so the command line refuses what the API refuses.
 */
export function parseRealities(value: string): Realities {
  const out: Record<string, number> = {};
  for (const part of value.split(',')) {
    const [name = '', share = '', extra] = part.split('=').map((s) => s.trim());
    const n = Number(share);
    if (name === '' || share === '' || extra !== undefined || !Number.isFinite(n))
      throw new ConfigError(
        `--realities wants NAME=share pairs such as lateCommits=0.2, got "${part}"`,
        '--realities',
      );
    out[name] = n;
  }
  return out as Realities;
}

function share(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new ConfigError(`--regress-share wants a share such as 0.15, got "${value}"`, '--regress-share');
  return n;
}

/**
 * --regress, --regress-from and --regress-share into simulate's options: the release and its
 * night together or neither, the share as the reality releaseRegressions (said once: not both
 * here and in --realities). The release and the night are checked where the API checks them.
 */
export function regressionOptions(o: {
  regress?: string;
  regressFrom?: string;
  regressShare?: number;
  realities?: Realities;
}): { regression?: ReleaseRegression; realities?: Realities } {
  if ((o.regress === undefined) !== (o.regressFrom === undefined))
    throw new ConfigError(
      '--regress and --regress-from go together: the new release and the first night it runs',
      o.regress === undefined ? '--regress' : '--regress-from',
    );
  if (o.regressShare !== undefined && o.regress === undefined)
    throw new ConfigError('--regress-share needs --regress and --regress-from', '--regress-share');
  if (o.regressShare !== undefined && o.realities?.releaseRegressions !== undefined)
    throw new ConfigError(
      'the regression share is given twice: by --regress-share and by --realities releaseRegressions',
      '--regress-share',
    );
  const realities =
    o.regressShare === undefined ? o.realities : { ...o.realities, releaseRegressions: o.regressShare };
  return {
    ...(o.regress !== undefined && o.regressFrom !== undefined
      ? { regression: { release: o.regress, from: o.regressFrom } }
      : {}),
    ...(realities ? { realities } : {}),
  };
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'Create the reference booking schema in an empty PostgreSQL database (created when the server ' +
        'has none of that name) and fill it with a realistic, ' +
        'labelled booking history (all four duplicate root causes and legitimate look-alikes); ' +
        'the labels go to schema "simulation". Same seed and options, same data.',
    )
    .requiredOption(
      '--target <url>',
      'PostgreSQL URL of an empty database to write into; a database the server does not have is created',
    )
    .option('--seed <n>', 'seed of the generator', wholeNumber('--seed'), 1)
    .option('--reservations <n>', 'reservations to write', wholeNumber('--reservations'), 100_000)
    .option('--from <iso>', 'start of the history (inclusive)', DEFAULT_FROM)
    .option('--to <iso>', 'end of the history (exclusive)', DEFAULT_TO)
    .option(
      '--mix <weights>',
      'root-cause weights NO_KEY/TIMEOUT_RETRY/MISSING_DEDUP/RACE, or NAME=w,…',
      parseMix,
    )
    .option('--duplicate-rate <share>', 'share of bookings that get unintended copies', rate, 0.02)
    .option(
      '--realities <shares>',
      'shares of the realities of real traffic, NAME=share,… (e.g. lateCommits=0.2,initials=0; see src/simulate/realities.ts)',
      parseRealities,
    )
    .option(
      '--regress <release>',
      "a client's new release (client@version, e.g. ios-app@3.4.0) that from --regress-from on replaces " +
        "the client's releases and re-sends some bookings without an Idempotency-Key (labelled release-regression)",
    )
    .option(
      '--regress-from <date>',
      'the first night (a UTC date, e.g. 2026-10-15) the --regress release runs',
    )
    .option(
      '--regress-share <share>',
      "share of the --regress release's bookings re-sent without a key (default 0.15; 0 switches the re-sends off)",
      share,
    )
    .action(
      async (o: {
        target: string;
        seed: number;
        reservations: number;
        from: string;
        to: string;
        mix?: Record<Cause, number>;
        duplicateRate: number;
        realities?: Realities;
        regress?: string;
        regressFrom?: string;
        regressShare?: number;
      }) => {
        const { regression, realities } = regressionOptions(o);
        const { createTargetDatabase, describeTarget, RUNBOOK_MIX, simulate } = await import(
          '../../simulate/index.ts'
        );
        if (await createTargetDatabase(o.target))
          info(`created the database ${describeTarget(o.target)}, which did not exist`);
        info(`simulating ${o.reservations} reservations over [${o.from}, ${o.to}) with seed ${o.seed}…`);
        if (regression) info(`  ${regression.release} regresses from the night of ${regression.from}`);
        const summary = await simulate({
          targetUrl: o.target,
          seed: o.seed,
          reservations: o.reservations,
          from: o.from,
          to: o.to,
          mix: o.mix ?? RUNBOOK_MIX,
          duplicateRate: o.duplicateRate,
          realities,
          regression,
          onProgress: (table, rows) => info(`  ${table}: ${rows.toLocaleString('en-US')} rows`),
        });
        info(`done in ${summary.seconds} s`);
        printValue(summary);
      },
    );
}
