/**
 * What people's decisions and the clients' nights tell us: pure measures over what the state
 * store holds, read through small local interfaces.
 * May import: the floor, config.
 */
export {
  finalDecisions,
  measurePrecision,
  NO_RULE,
  precisionPeriod,
  UNCATEGORISED,
} from './measure-precision.ts';
export { type DecisionSource, rulePrecision } from './rule-precision.ts';
export { underPrecisionFlags } from './under-precision-flags.ts';
export { wilsonInterval, Z_95 } from './wilson-interval.ts';
