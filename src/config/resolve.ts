/**
 * Loads the configuration file, applies the environment (which wins), fills every default and
 * returns one readonly object the rest of the code trusts. All validation happens here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { ConfigError } from '../errors/index.ts';
import type { PrecisionSettings } from '../model/index.ts';
import { checkRuleThresholds } from '../rules/index.ts';
import { type ConfigFile, configSchema } from './config-schema.ts';
import { splitPrecisionSettings } from './precision-settings.ts';
import { REGRESSION_DEFAULTS, type RegressionSettings } from './regression-settings.ts';

/** Where the embedded demo data lives (shipped in the repository). */
export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));

export type TableName = 'Reservation' | 'Payment' | 'IdempotencyRecord' | 'IdempotencyLock' | 'api_logs';

export interface TableMapping {
  readonly name?: string;
  readonly schema?: string;
  readonly columns?: Readonly<Record<string, string>>;
}

export type SourceConfig =
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly statementTimeoutMs: number;
      readonly overlapMinutes: number;
      readonly tables: Readonly<Partial<Record<TableName, TableMapping>>>;
    }
  | { readonly kind: 'files'; readonly dir: string; readonly demo: boolean }
  /**
   * No source, in a deployment: `deployedBy` names the setting that shows this is one (the
   * configuration file, the state store, SMTP, recipients, the booking API, or a home that a run
   * against a booking database used). `run` refuses it: a nightly job missing its source must
   * never mail reports of made-up bookings. Commands that read the store use the home's.
   */
  | { readonly kind: 'none'; readonly deployedBy: string };

export interface ResolvedConfig {
  readonly home: string;
  /**
   * Where this source's warehouse and embedded state store live: `home`, or `home/demo` for the
   * embedded demo data, so trying the demo never mixes made-up bookings into a real source's
   * warehouse or plans.
   */
  readonly localDir: string;
  readonly warehousePath: string;
  readonly source: SourceConfig;
  /** PostgreSQL URL of the state store, or null for the embedded one under home. */
  readonly stateUrl: string | null;
  /** The rules' thresholds by name (the precision settings taken out). */
  readonly rules: Readonly<Record<string, number>>;
  /** rules.minPrecision, precisionDays and minDecisions: how the rules are measured on decisions. */
  readonly precision: PrecisionSettings;
  readonly reconcile: {
    readonly largeRefundAmount: string;
    readonly largeRefundByCurrency: Readonly<Record<string, string>>;
    readonly burstPerHour: number;
    readonly minConfidence: number;
    /** When a client's night is a release regression (src/feedback/find-regressions.ts). */
    readonly regression: RegressionSettings;
  };
  readonly mail: {
    readonly smtpUrl: string | null;
    readonly from: string;
    readonly to: {
      readonly finance: readonly string[];
      readonly engineering: readonly string[];
      readonly ops: readonly string[];
    };
    readonly consoleUrl: string | null;
    /** Silence (ms) after which an SMTP attempt is given up. */
    readonly timeoutMs: number;
    /** Attempts per message, the first included. */
    readonly attempts: number;
  };
  readonly reports: {
    readonly emailTopN: number;
    readonly fileTopN: number;
    /** Output folders kept: the newest this many runs'. */
    readonly keepRuns: number;
    /** Output folders younger than this many days are kept too; 0: no age rule. */
    readonly keepDays: number;
  };
  /** DuckDB's memory limit during the rules (extract loads under their own, lower cap). */
  readonly warehouse: {
    readonly memoryLimit: string;
    /** What the warehouse lets go after each run (src/warehouse/apply-retention.ts). */
    readonly retention: {
      /** Days after check-out a reservation and its payments are kept. */
      readonly stayMarginDays: number;
      /** Days gateway log and idempotency rows are kept, by their own time. */
      readonly logDays: number;
      /** File size over data size above which the file is rewritten. */
      readonly compactRatio: number;
    };
  };
  readonly bookingApi: {
    readonly url: string;
    readonly token: string | null;
    readonly timeoutMs: number;
    /** Action -> "METHOD /path/{id}". */
    readonly endpoints: Readonly<Record<BookingAction, string>>;
  } | null;
  readonly schedule: {
    readonly cron: string;
    readonly timezone: string;
    /** The burst watch's interval or cron expression; null when off. */
    readonly watch: string | null;
    readonly catchUp: 'each' | 'one';
    /**
     * Where cron, timezone and watch came from, as an error about them names it: the variable
     * (RESRECON_WATCH), or the key and the file (`schedule.watch in /etc/resrecon.yaml`).
     */
    readonly settings: { readonly cron: string; readonly timezone: string; readonly watch: string };
  };
  readonly alerts: { readonly webhookUrl: string | null };
  /** The single-sign-on proxy's user header the console trusts; null: local sign-in only. */
  readonly console: { readonly trustedHeader: string | null };
  readonly metrics: { readonly port: number | null; readonly host: string; readonly file: string | null };
}

export type BookingAction = 'cancel' | 'refund' | 'void' | 'transfer' | 'release' | 'notify';

/** The booking API's endpoints as the runbook calls them; `bookingApi.endpoints` overrides. */
export const DEFAULT_ENDPOINTS: Readonly<Record<BookingAction, string>> = {
  cancel: 'DELETE /api/v1/reservations/{id}',
  refund: 'POST /api/v1/payments/{id}/refunds',
  void: 'POST /api/v1/payments/{id}/void',
  transfer: 'POST /api/v1/payments/{id}/transfer',
  release: 'POST /api/v1/inventory/release',
  notify: 'POST /api/v1/notifications',
};

/**
 * Built-in per-currency limits above which a refund needs a human: about EUR 1,000 in each
 * currency, so a yen or krona refund is not escalated just for having more digits. The
 * configuration's largeRefundByCurrency adds to or overrides these.
 */
const LARGE_REFUND_DEFAULTS: Readonly<Record<string, string>> = {
  JPY: '150000.00',
  KRW: '1400000.00',
  INR: '90000.00',
  SEK: '11000.00',
  NOK: '11000.00',
  DKK: '7500.00',
  CZK: '25000.00',
  HUF: '400000.00',
  MXN: '20000.00',
  THB: '40000.00',
};

type Env = Readonly<Record<string, string | undefined>>;

/** Settings only a deployment makes: with one of them present, the demo data is never used. */
export const DEPLOYMENT_VARIABLES = [
  'RESRECON_STATE_URL',
  'RESRECON_SMTP_URL',
  'RESRECON_MAIL_TO_FINANCE',
  'RESRECON_MAIL_TO_ENGINEERING',
  'RESRECON_MAIL_TO_OPS',
  'RESRECON_BOOKING_API_URL',
  'RESRECON_WEBHOOK_URL',
] as const;

/** The first sign that this is a deployment, or null when nothing points at production. */
function deploymentSign(env: Env, configFile: string | undefined): string | null {
  if (configFile) return `the configuration file ${configFile}`;
  const variable = DEPLOYMENT_VARIABLES.find((v) => (env[v] ?? '').trim() !== '');
  return variable ?? null;
}

/** The embedded state store's file in a home (state's openStore opens it). */
export const STATE_FILE = 'state.sqlite';
/** The DuckDB warehouse's file in a home. */
export const WAREHOUSE_FILE = 'warehouse.duckdb';

/**
 * The files a run against a booking database leaves in the home itself (the demo's live in
 * home/demo): a home holding one was run with a source, so a command there without one reads
 * that source's store, never the demo's.
 */
const SOURCE_HOME_FILES = [STATE_FILE, WAREHOUSE_FILE] as const;

/** The home, when a run against a booking database used it; null otherwise. */
function sourceHomeSign(home: string): string | null {
  return SOURCE_HOME_FILES.some((f) => existsSync(resolvePath(home, f))) ? `the home ${home}` : null;
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the configuration file ${path}`, '--config', { cause: err });
  }
  try {
    return path.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(
      `${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
      '--config',
    );
  }
}

function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit) return resolvePath(cwd, explicit);
  for (const name of ['resrecon.config.json', 'resrecon.config.yaml', 'resrecon.config.yml']) {
    const p = resolvePath(cwd, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function parseFile(raw: unknown, path: string): ConfigFile {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = issue.path.join('.') || '(top level)';
  throw new ConfigError(`${path}: ${at}: ${issue.message}`, at);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function checkUrl(url: string, setting: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${setting} is not a URL`, setting);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      `${setting} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      setting,
    );
  }
  return url;
}

export interface ResolveOptions {
  readonly cwd?: string;
  readonly env?: Env;
  /** --config */
  readonly configPath?: string;
  /** --source: wins over the environment and the file. */
  readonly sourceUrl?: string;
}

export function resolveConfig(options: ResolveOptions = {}): ResolvedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const path = findConfigFile(cwd, options.configPath ?? env['RESRECON_CONFIG']);
  const file = path ? parseFile(readConfigFile(path), path) : ({} as ConfigFile);

  /** The setting a value came from: the variable when it is set, else the file's key (and file). */
  const settingOf = (variable: string, key: string, fromFile: unknown): string =>
    env[variable] === undefined && fromFile !== undefined && path ? `${key} in ${path}` : variable;

  const home = resolvePath(cwd, env['RESRECON_HOME'] ?? file.home ?? '.resrecon');
  const sourceUrl = options.sourceUrl ?? env['RESRECON_SOURCE_URL'] ?? file.source?.url;
  let source: SourceConfig;
  if (sourceUrl) {
    const setting = options.sourceUrl
      ? '--source'
      : env['RESRECON_SOURCE_URL']
        ? 'RESRECON_SOURCE_URL'
        : 'source.url';
    source = {
      kind: 'postgres',
      url: checkUrl(sourceUrl, setting, ['postgres:', 'postgresql:']),
      statementTimeoutMs: file.source?.statementTimeoutMs ?? 15 * 60_000,
      overlapMinutes: file.source?.overlapMinutes ?? 10,
      tables: file.source?.tables ?? {},
    };
  } else if (file.source?.files) {
    const dir = resolvePath(path ? resolvePath(path, '..') : cwd, file.source.files);
    if (!existsSync(dir)) throw new ConfigError(`source.files: folder ${dir} does not exist`, 'source.files');
    source = { kind: 'files', dir, demo: false };
  } else {
    const sign = deploymentSign(env, path) ?? sourceHomeSign(home);
    source = sign ? { kind: 'none', deployedBy: sign } : { kind: 'files', dir: DEMO_DIR, demo: true };
  }
  const localDir = source.kind === 'files' && source.demo ? resolvePath(home, 'demo') : home;
  const { thresholds: rules, precision } = splitPrecisionSettings(file.rules ?? {});
  checkRuleThresholds(rules);

  const stateUrl = env['RESRECON_STATE_URL'] ?? file.state?.url ?? null;
  if (stateUrl)
    checkUrl(stateUrl, env['RESRECON_STATE_URL'] ? 'RESRECON_STATE_URL' : 'state.url', [
      'postgres:',
      'postgresql:',
    ]);
  const smtpUrl = env['RESRECON_SMTP_URL'] ?? file.mail?.smtpUrl ?? null;
  if (smtpUrl)
    checkUrl(smtpUrl, env['RESRECON_SMTP_URL'] ? 'RESRECON_SMTP_URL' : 'mail.smtpUrl', ['smtp:', 'smtps:']);
  const webhookUrl = env['RESRECON_WEBHOOK_URL'] ?? file.alerts?.webhookUrl ?? null;
  if (webhookUrl)
    checkUrl(webhookUrl, env['RESRECON_WEBHOOK_URL'] ? 'RESRECON_WEBHOOK_URL' : 'alerts.webhookUrl', [
      'http:',
      'https:',
    ]);
  const metricsPort =
    port(env['RESRECON_METRICS_PORT'], 'RESRECON_METRICS_PORT') ?? file.metrics?.port ?? null;
  const apiUrl = env['RESRECON_BOOKING_API_URL'] ?? file.bookingApi?.url;
  if (apiUrl) checkUrl(apiUrl, 'RESRECON_BOOKING_API_URL', ['http:', 'https:']);

  return Object.freeze({
    home,
    localDir,
    warehousePath: resolvePath(localDir, WAREHOUSE_FILE),
    source,
    stateUrl,
    rules,
    precision,
    reconcile: {
      largeRefundAmount: file.reconcile?.largeRefundAmount ?? '1000.00',
      largeRefundByCurrency: { ...LARGE_REFUND_DEFAULTS, ...file.reconcile?.largeRefundByCurrency },
      burstPerHour: file.reconcile?.burstPerHour ?? 5,
      minConfidence: file.reconcile?.minConfidence ?? 0.8,
      regression: { ...REGRESSION_DEFAULTS, ...file.reconcile?.regression },
    },
    mail: {
      smtpUrl,
      from: env['RESRECON_MAIL_FROM'] ?? file.mail?.from ?? 'resrecon@localhost',
      to: {
        finance: list(env['RESRECON_MAIL_TO_FINANCE']) ?? file.mail?.to?.finance ?? [],
        engineering: list(env['RESRECON_MAIL_TO_ENGINEERING']) ?? file.mail?.to?.engineering ?? [],
        ops: list(env['RESRECON_MAIL_TO_OPS']) ?? file.mail?.to?.ops ?? [],
      },
      consoleUrl: env['RESRECON_CONSOLE_URL'] ?? file.mail?.consoleUrl ?? null,
      timeoutMs: file.mail?.timeoutMs ?? 60_000,
      attempts: file.mail?.attempts ?? 3,
    },
    reports: {
      emailTopN: file.reports?.emailTopN ?? 25,
      fileTopN: file.reports?.fileTopN ?? 500,
      keepRuns: file.reports?.keepRuns ?? 60,
      keepDays: file.reports?.keepDays ?? 0,
    },
    warehouse: {
      memoryLimit: file.warehouse?.memoryLimit ?? '768MB',
      retention: {
        stayMarginDays: file.warehouse?.retention?.stayMarginDays ?? 30,
        logDays: file.warehouse?.retention?.logDays ?? 30,
        compactRatio: file.warehouse?.retention?.compactRatio ?? 2,
      },
    },
    bookingApi: apiUrl
      ? {
          url: apiUrl,
          token: env['RESRECON_BOOKING_API_TOKEN'] ?? file.bookingApi?.token ?? null,
          timeoutMs: file.bookingApi?.timeoutMs ?? 30_000,
          endpoints: { ...DEFAULT_ENDPOINTS, ...file.bookingApi?.endpoints },
        }
      : null,
    schedule: {
      cron: env['RESRECON_SCHEDULE'] ?? file.schedule?.cron ?? '0 2 * * *',
      timezone: env['RESRECON_TIMEZONE'] ?? file.schedule?.timezone ?? 'UTC',
      watch: env['RESRECON_WATCH'] ?? file.schedule?.watch ?? null,
      catchUp: file.schedule?.catchUp ?? 'each',
      settings: {
        cron: settingOf('RESRECON_SCHEDULE', 'schedule.cron', file.schedule?.cron),
        timezone: settingOf('RESRECON_TIMEZONE', 'schedule.timezone', file.schedule?.timezone),
        watch: settingOf('RESRECON_WATCH', 'schedule.watch', file.schedule?.watch),
      },
    },
    alerts: { webhookUrl },
    console: {
      trustedHeader: env['RESRECON_CONSOLE_TRUSTED_HEADER'] ?? file.console?.trustedHeader ?? null,
    },
    metrics: {
      port: metricsPort,
      host: env['RESRECON_METRICS_HOST'] ?? file.metrics?.host ?? '127.0.0.1',
      file: file.metrics?.file ? resolvePath(cwd, file.metrics.file) : null,
    },
  });
}

function port(value: string | undefined, setting: string): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535)
    throw new ConfigError(
      `${setting} must be a port number (1 to 65535), not ${JSON.stringify(value)}`,
      setting,
    );
  return n;
}

/** A URL fit for printing: the password (and any token in the query) removed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()])
      if (/pass|token|secret|key/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
