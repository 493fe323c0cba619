/**
 * Configuration: validated once at the edge, then a readonly object everyone trusts. It sits just
 * above the floor; it asks the rules only for their threshold names, so a misspelt threshold
 * stops a run before anything is read.
 * May import: the floor, rules.
 */
export type { ConfigFile } from './config-schema.ts';
export { REGRESSION_DEFAULTS, type RegressionSettings } from './regression-settings.ts';
export { requireSource } from './require-source.ts';
export {
  type BookingAction,
  DEFAULT_ENDPOINTS,
  DEMO_DIR,
  type ResolvedConfig,
  type ResolveOptions,
  redactUrl,
  resolveConfig,
  type SourceConfig,
  STATE_FILE,
  type TableMapping,
  type TableName,
  WAREHOUSE_FILE,
} from './resolve.ts';
export { type SourceIdentity, sourceIdentity } from './source-identity.ts';
