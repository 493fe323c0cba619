/**
 * The labelled booking simulator: `simulate` writes a booking history with its truth, to a
 * PostgreSQL source or to files.
 * May import: the floor.
 */
export { Prng } from './prng.ts';
export { simulate } from './simulate.ts';
export { createTargetDatabase, describeTarget } from './target.ts';
export type {
  Cause,
  CurrencyMoney,
  Defect,
  LookAlikeKind,
  Realities,
  ReleaseRegression,
  SimulateOptions,
  SimulationSummary,
} from './types.ts';
export { RUNBOOK_MIX } from './types.ts';
