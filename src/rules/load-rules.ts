/**
 * Rules are data: each is `catalog/<id>.sql` (a query over the prepared rr_* tables returning
 * bucket_id, confidence, evidence and optionally doubt) plus `catalog/<id>.json` (its verdict
 * and cause, precedence and thresholds). A DUPLICATE rule names the root cause of the copies in
 * a bucket; a LEGITIMATE rule says the bucket's bookings were made on purpose (rooms bought
 * together under one name). A new rule is a new pair of files; nothing here names a rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors/index.ts';
import { ROOT_CAUSES, type RootCause, type Verdict } from '../model/index.ts';

const CATALOG = new URL('./catalog/', import.meta.url);
const PREPARE = new URL('./sql/prepare.json', import.meta.url);

const thresholdsSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.number());

const declarationSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    verdict: z.enum(['DUPLICATE', 'LEGITIMATE']).default('DUPLICATE'),
    cause: z.enum(ROOT_CAUSES).nullable().default(null),
    precedence: z.number().int(),
    description: z.string().min(1),
    thresholds: thresholdsSchema,
  })
  .strict()
  .refine((d) => (d.verdict === 'DUPLICATE') === (d.cause !== null), {
    message: 'a DUPLICATE rule names its cause; a LEGITIMATE rule has none',
  });

/** Thresholds of the shared preparation (sql/prepare.json), overridden by the configuration. */
export function prepareThresholds(overrides: Readonly<Record<string, number>> = {}): Record<string, number> {
  const declared = thresholdsSchema.parse(JSON.parse(readFileSync(PREPARE, 'utf8')).thresholds);
  return Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, overrides[k] ?? v]));
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
  readonly sql: string;
}

/** Loads the catalog, applies configured thresholds, and refuses unknown threshold names. */
export function loadRules(
  overrides: Readonly<Record<string, number>> = {},
  catalog: URL = CATALOG,
): RuleDefinition[] {
  const files = readdirSync(catalog).filter((f) => f.endsWith('.json'));
  const known = new Set<string>(Object.keys(prepareThresholds()));
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
