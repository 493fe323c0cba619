/**
 * What people's decisions and the clients' nights tell us: pure measures and judgements over what
 * the runs and the state store keep (the rules' precision, a client's nights, its release
 * regressions), read through small local interfaces.
 * May import: the floor, config.
 */
export { bookingsPerClient, type ClientBookings, type WarehouseReader } from './bookings-per-client.ts';
export { type ClientNightsInput, clientNightsOf, EXAMPLE_SETS, NO_CLIENT } from './client-nights-of.ts';
export {
  BASELINE_FLOOR_COPIES,
  findRegressions,
  REGRESSION_DEFAULTS,
  REGRESSION_P,
  type RegressionOptions,
} from './find-regressions.ts';
export {
  finalDecisions,
  measurePrecision,
  NO_RULE,
  precisionPeriod,
  UNCATEGORISED,
} from './measure-precision.ts';
export { nightSpans } from './night-spans.ts';
export { poissonTail } from './poisson-tail.ts';
export { FIX_FIRST_EXAMPLES, rankClients } from './rank-clients.ts';
export { type DecisionSource, rulePrecision } from './rule-precision.ts';
export { underPrecisionFlags } from './under-precision-flags.ts';
export { wilsonInterval, Z_95 } from './wilson-interval.ts';
