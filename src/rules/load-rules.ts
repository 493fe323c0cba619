/**
 * Rules are data: each is `catalog/<id>.sql` (a query over the prepared rr_* tables returning
 * bucket_id, confidence, evidence and optionally doubt) plus `catalog/<id>.json` (its verdict
 * and cause, precedence, thresholds, and a one-line why for each threshold's value). A DUPLICATE
 * rule names the root cause of the copies in a bucket; a LEGITIMATE rule says the bucket's
 * bookings were made on purpose (rooms bought together under one name). A new rule is a new pair
 * of files; nothing here names a rule. A threshold without its why, or a why without its
 * threshold, is refused when the catalog loads (sql/prepare.json likewise).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors/index.ts';
import { PRECISION_SETTING_NAMES, ROOT_CAUSES, type RootCause, type Verdict } from '../model/index.ts';

const CATALOG = new URL('./catalog/', import.meta.url);
const PREPARE = new URL('./sql/prepare.json', import.meta.url);

const thresholdName = z.string().regex(/^[a-z][a-z0-9_]*$/);
const thresholdsSchema = z.record(thresholdName, z.number());
/** One line per threshold saying where its value comes from (the domain notes, a contract). */
const whySchema = z.record(thresholdName, z.string().trim().min(1));

/** Every threshold has its why, and every why its threshold. */
function checkJustified(
  d: { thresholds: Record<string, number>; why: Record<string, string> },
  ctx: z.RefinementCtx,
): void {
  const missing = Object.keys(d.thresholds).filter((n) => !(n in d.why));
  const stray = Object.keys(d.why).filter((n) => !(n in d.thresholds));
  if (missing.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['why'],
      message: `threshold(s) without a why: ${missing.join(', ')}`,
    });
  if (stray.length > 0)
    ctx.addIssue({ code: 'custom', path: ['why'], message: `why without a threshold: ${stray.join(', ')}` });
}

const declarationSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    verdict: z.enum(['DUPLICATE', 'LEGITIMATE']).default('DUPLICATE'),
    cause: z.enum(ROOT_CAUSES).nullable().default(null),
    precedence: z.number().int(),
    description: z.string().min(1),
    thresholds: thresholdsSchema,
    why: whySchema,
  })
  .strict()
  .refine((d) => (d.verdict === 'DUPLICATE') === (d.cause !== null), {
    message: 'a DUPLICATE rule names its cause; a LEGITIMATE rule has none',
  })
  .superRefine(checkJustified);

const prepareSchema = z
  .object({ description: z.string().min(1), thresholds: thresholdsSchema, why: whySchema })
  .strict()
  .superRefine(checkJustified);

/** Thresholds of the shared preparation (sql/prepare.json), overridden by the configuration. */
export function prepareThresholds(overrides: Readonly<Record<string, number>> = {}): Record<string, number> {
  let declared: z.infer<typeof prepareSchema>;
  try {
    declared = prepareSchema.parse(JSON.parse(readFileSync(PREPARE, 'utf8')));
  } catch (err) {
    throw new ConfigError(
      `rules/sql/prepare.json is invalid: ${(err as Error).message}`,
      'rules/sql/prepare.json',
    );
  }
  return Object.fromEntries(Object.entries(declared.thresholds).map(([k, v]) => [k, overrides[k] ?? v]));
}

export interface RuleDefinition {
  readonly id: string;
  readonly verdict: Verdict;
  /** null for a LEGITIMATE rule. */
  readonly cause: RootCause | null;
  /** Lower wins when several rules match one set. */
  readonly precedence: number;
  readonly description: string;
  /** Threshold name -> value, defaults already overridden by the configuration. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** Threshold name -> where its default comes from, one line. */
  readonly why: Readonly<Record<string, string>>;
  readonly sql: string;
}

/**
 * Loads the catalog, applies configured thresholds, and refuses unknown threshold names. The
 * measured-precision settings share the configuration's `rules` record: they are known names,
 * and never a rule's threshold.
 */
export function loadRules(
  overrides: Readonly<Record<string, number>> = {},
  catalog: URL = CATALOG,
): RuleDefinition[] {
  const files = readdirSync(catalog).filter((f) => f.endsWith('.json'));
  const known = new Set<string>([...Object.keys(prepareThresholds()), ...PRECISION_SETTING_NAMES]);
  const rules = files.map((file) => {
    const url = new URL(file, catalog);
    let decl: z.infer<typeof declarationSchema>;
    try {
      decl = declarationSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
    } catch (err) {
      throw new ConfigError(
        `rule declaration ${file} is invalid: ${(err as Error).message}`,
        `rules/catalog/${file}`,
      );
    }
    const sql = readFileSync(new URL(`${decl.id}.sql`, catalog), 'utf8');
    const thresholds: Record<string, number> = {};
    for (const [name, value] of Object.entries(decl.thresholds)) {
      known.add(name);
      thresholds[name] = overrides[name] ?? value;
    }
    return { ...decl, thresholds, sql };
  });
  for (const name of Object.keys(overrides)) {
    if (!known.has(name)) {
      throw new ConfigError(
        `unknown rule threshold "${name}" (known: ${[...known].sort().join(', ')})`,
        `rules.${name}`,
      );
    }
  }
  return rules.sort((a, b) => a.precedence - b.precedence || a.id.localeCompare(b.id));
}

/**
 * Refuses unknown threshold names in the configuration: called when the configuration is
 * loaded, so a misspelt threshold stops a run before anything is extracted.
 */
export function checkRuleThresholds(overrides: Readonly<Record<string, number>>): void {
  loadRules(overrides);
}
