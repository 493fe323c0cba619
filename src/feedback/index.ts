/**
 * What people's decisions and the clients' nights tell us: pure judgements over what the runs
 * and the state store keep (a client's nights, its release regressions).
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
export { nightSpans } from './night-spans.ts';
export { poissonTail } from './poisson-tail.ts';
