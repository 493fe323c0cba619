/**
 * The configuration file's shape (resrecon.config.json / .yaml), validated once at the edge.
 * Every field is optional; `resolve.ts` fills the defaults and applies the environment.
 */
import { z } from 'zod';
import { REGRESSION_DEFAULTS } from './regression-settings.ts';

/** Source table and column names where they differ from the reference schema. */
const endpoint = z
  .string()
  .regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'an endpoint such as "POST /api/v1/payments/{id}/refunds"');

const tableMapping = z
  .object({
    /** The table's name in the source, e.g. `bookings`. */
    name: z.string().min(1).optional(),
    /** Its schema, e.g. `booking`; default: the connection's search path. */
    schema: z.string().min(1).optional(),
    /** Reference column name -> source column name, e.g. `{ "guestEmail": "email" }`. */
    columns: z.record(z.string(), z.string().min(1)).optional(),
  })
  .strict();

/** Why a number is refused where an amount is expected, with the quoted form to write instead. */
function numberAsAmount(input: number): string {
  if (!(input >= 0)) return 'an amount of at least 0, in quotes, such as "500.00"';
  const example = input < 1e15 ? input.toFixed(2) : '500.00';
  return `${input} is a number, which may not be exact: write the amount in quotes, such as "${example}"`;
}

/**
 * An amount, written as a string ("500.00") so it stays exact. A bare whole number (YAML's
 * `largeRefundAmount: 1000`) is taken too, when it is a safe integer and so certainly the number
 * written; any other number (1000.5, or one too large to be exact) is refused with the advice to
 * quote it, since the file's digits are already lost to a binary fraction.
 */
const money = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value),
  z
    .string({
      error: (issue) =>
        typeof issue.input === 'number' ? numberAsAmount(issue.input) : 'an amount such as "500.00"',
    })
    .regex(/^\d+(\.\d{1,2})?$/, 'an amount such as "500.00"'),
);

export const configSchema = z
  .object({
    /** Folder for local state: the DuckDB warehouse, the embedded state store, the outbox. */
    home: z.string().min(1).optional(),
    source: z
      .object({
        /** PostgreSQL URL of the booking database (SELECT rights suffice). */
        url: z.string().min(1).optional(),
        /** A folder of Parquet or CSV files, one per table, instead of a database. */
        files: z.string().min(1).optional(),
        /** Milliseconds before a source statement is cancelled. */
        statementTimeoutMs: z.number().int().positive().optional(),
        /** Minutes re-read before the high-water mark, for transactions that committed late. */
        overlapMinutes: z.number().int().nonnegative().optional(),
        tables: z
          .object({
            Reservation: tableMapping.optional(),
            Payment: tableMapping.optional(),
            IdempotencyRecord: tableMapping.optional(),
            IdempotencyLock: tableMapping.optional(),
            api_logs: tableMapping.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    state: z
      .object({ url: z.string().min(1).optional() })
      .strict()
      .optional(),
    /**
     * Thresholds of the rules, by name (src/rules/catalog/*.json); unknown names are refused when
     * the configuration is loaded. Also the measured-precision settings, which are not thresholds:
     * minPrecision (0–1, default 0.9), precisionDays (default 30), minDecisions (default 10).
     */
    rules: z.record(z.string(), z.number()).optional(),
    reconcile: z
      .object({
        /** A refund above this amount (in the refund's currency) needs a human. */
        largeRefundAmount: money.optional(),
        /** Per-currency overrides of largeRefundAmount, e.g. `{ "JPY": "80000.00" }`. */
        largeRefundByCurrency: z.record(z.string().length(3), money).optional(),
        /** More duplicates than this in one hour is an incident: escalate. */
        burstPerHour: z.number().int().positive().optional(),
        /** Labels with a confidence below this need a human. */
        minConfidence: z.number().min(0).max(1).optional(),
        /** When a client's night is a release regression (src/feedback/find-regressions.ts). */
        regression: z
          .object({
            /** Days of stored nights before a night that make the client's baseline. */
            baselineNights: z.number().int().min(1).max(365).optional(),
            /** How many times the baseline's copies per 1000 bookings a night must reach. */
            ratio: z.number().min(1).optional(),
            /** Fewest copies in a night (or a watch pass) for it to count. */
            minCopies: z.number().int().min(1).optional(),
            /** Fewest nights with bookings in the baseline before a client is judged at all. */
            minBaselineNights: z.number().int().min(1).optional(),
          })
          .strict()
          .superRefine((r, ctx) => {
            // Set or not, each is compared as the run will use it.
            const fewest = r.minBaselineNights ?? REGRESSION_DEFAULTS.minBaselineNights;
            const days = r.baselineNights ?? REGRESSION_DEFAULTS.baselineNights;
            if (fewest <= days) return;
            const said = (v: number | undefined, d: number) =>
              v === undefined ? `${d} (the default)` : `${v}`;
            ctx.addIssue({
              code: 'custom',
              path: [r.minBaselineNights === undefined ? 'baselineNights' : 'minBaselineNights'],
              message: `minBaselineNights cannot exceed baselineNights (${said(r.minBaselineNights, fewest)} against ${said(r.baselineNights, days)}): no client would ever be judged`,
            });
          })
          .optional(),
      })
      .strict()
      .optional(),
    mail: z
      .object({
        smtpUrl: z.string().min(1).optional(),
        from: z.string().min(3).optional(),
        to: z
          .object({
            finance: z.array(z.string()).optional(),
            engineering: z.array(z.string()).optional(),
            ops: z.array(z.string()).optional(),
          })
          .strict()
          .optional(),
        /** Base URL of the ops console, for links in the ops report. */
        consoleUrl: z.string().url().optional(),
        /**
         * How long the SMTP server may stay silent (ms) before an attempt is given up: a server
         * that accepts the connection and never answers must not hold the night up.
         */
        timeoutMs: z.number().int().min(100).max(600_000).optional(),
        /** Attempts per message, the first included. */
        attempts: z.number().int().min(1).max(10).optional(),
      })
      .strict()
      .optional(),
    reports: z
      .object({
        /** Items per list in an email (flagged and largest first); the rest go in the attachments. */
        emailTopN: z.number().int().positive().max(200).optional(),
        /** Items per list in a saved HTML report, so a browser opens it at once. */
        fileTopN: z.number().int().positive().max(10_000).optional(),
        /**
         * Output retention: the newest this many runs' output folders are kept; older ones are
         * removed after a run (unless keepDays keeps them, or their outbox holds mail the server has still to take).
         */
        keepRuns: z.number().int().positive().optional(),
        /** Output folders younger than this many days are kept too, beyond keepRuns; 0: no age rule. */
        keepDays: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
    warehouse: z
      .object({
        /** DuckDB's memory limit for the rules and reports, e.g. "1GB"; loads use their own cap. */
        memoryLimit: z
          .string()
          .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'a size such as "1GB" or "768MiB"')
          .optional(),
        /**
         * What the warehouse lets go after each run, so a warehouse run nightly for years stays
         * bounded. Days count back from the run's window end, never from the clock.
         */
        retention: z
          .object({
            /** Days after a stay's check-out that its reservation and payments are kept (default 30). */
            stayMarginDays: z.number().int().min(0).max(3650).optional(),
            /**
             * Days that gateway log rows and idempotency rows are kept, by their own time (default
             * 30). Older requests of a booking that a later one repeats are read again from the source.
             */
            logDays: z.number().int().min(1).max(3650).optional(),
            /** The file is rewritten when it is more than this many times the size of its data (default 2). */
            compactRatio: z.number().min(1.1).max(100).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    bookingApi: z
      .object({
        url: z.string().url().optional(),
        token: z.string().min(1).optional(),
        /** A call not answered in this long is retried under the same key. */
        timeoutMs: z.number().int().positive().optional(),
        /** Where each action goes, for platforms that name them differently: "METHOD /path/{id}". */
        endpoints: z
          .object({
            cancel: endpoint.optional(),
            refund: endpoint.optional(),
            void: endpoint.optional(),
            transfer: endpoint.optional(),
            release: endpoint.optional(),
            notify: endpoint.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    schedule: z
      .object({
        /** Cron expression of the nightly run. */
        cron: z.string().min(1).optional(),
        timezone: z.string().min(1).optional(),
        /** The burst watch: an interval ("15m", "30s", "1h") or a cron expression of its own. */
        watch: z.string().min(1).optional(),
        /** Nights missed while the job was down: each as its own window (default), or one window. */
        catchUp: z.enum(['each', 'one']).optional(),
      })
      .strict()
      .optional(),
    console: z
      .object({
        /**
         * Behind a single-sign-on proxy (oauth2-proxy and the like): the request header naming
         * the signed-in user, e.g. "X-Forwarded-User". Only set this when the console is
         * reachable through that proxy alone. The user still needs a role (`resrecon users add`).
         */
        trustedHeader: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    alerts: z
      .object({
        /** Where alerts are posted: Slack- and Teams-compatible JSON ({"text": ...}). */
        webhookUrl: z.string().url().optional(),
      })
      .strict()
      .optional(),
    metrics: z
      .object({
        /** Port of the Prometheus endpoint of `schedule` (127.0.0.1 unless host says otherwise). */
        port: z.number().int().min(1).max(65_535).optional(),
        host: z.string().min(1).optional(),
        /** A file the metrics are written to after every run, for a node exporter's textfile collector. */
        file: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configSchema>;
