/**
 * The measured-precision settings, which live in the configuration's `rules` record beside the
 * rules' thresholds but are not thresholds: how many days of decisions to measure, how many a
 * rule needs before it can be judged, and the precision below which its plans lose bulk approval.
 * Split out and range-checked here, once; the thresholds go on to the rules without them.
 */
import { ConfigError } from '../errors/index.ts';
import {
  DEFAULT_PRECISION_SETTINGS,
  PRECISION_SETTING_NAMES,
  type PrecisionSettings,
} from '../model/index.ts';

const MAX_PRECISION_DAYS = 3650;

export function splitPrecisionSettings(rules: Readonly<Record<string, number>>): {
  thresholds: Record<string, number>;
  precision: PrecisionSettings;
} {
  const names: readonly string[] = PRECISION_SETTING_NAMES;
  const thresholds = Object.fromEntries(Object.entries(rules).filter(([k]) => !names.includes(k)));
  const precision = {
    minPrecision: rules['minPrecision'] ?? DEFAULT_PRECISION_SETTINGS.minPrecision,
    precisionDays: rules['precisionDays'] ?? DEFAULT_PRECISION_SETTINGS.precisionDays,
    minDecisions: rules['minDecisions'] ?? DEFAULT_PRECISION_SETTINGS.minDecisions,
  };
  if (!(precision.minPrecision >= 0 && precision.minPrecision <= 1))
    throw new ConfigError(
      `rules.minPrecision must lie between 0 and 1 (it is ${precision.minPrecision})`,
      'rules.minPrecision',
    );
  for (const name of ['precisionDays', 'minDecisions'] as const) {
    const v = precision[name];
    if (!Number.isInteger(v) || v < 1)
      throw new ConfigError(`rules.${name} must be a whole number, 1 or more (it is ${v})`, `rules.${name}`);
  }
  // Ten years of decisions is more than any store holds; a larger number would only fail later,
  // as a date before year 0, in the middle of a run.
  if (precision.precisionDays > MAX_PRECISION_DAYS)
    throw new ConfigError(
      `rules.precisionDays must be at most ${MAX_PRECISION_DAYS} (it is ${precision.precisionDays})`,
      'rules.precisionDays',
    );
  return { thresholds, precision };
}
