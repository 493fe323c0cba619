/**
 * Carrying out approved plans through the booking API, exactly once (one Idempotency-Key per item,
 * retried through io's retry), checking each plan against the booking database (through source)
 * before and after, and recording the outcome in the state store.
 * May import: the floor, config, decisions, source, state.
 */
export { type ApiCall, callsOf } from './api-calls.ts';
export { type ApiAnswer, type ApiOptions, callApi } from './booking-api.ts';
export { staleReason, validationProblems } from './check-plan.ts';
export {
  type ExecuteOptions,
  type ExecutionOutcome,
  executePlans,
  type PlanExecution,
} from './execute-plans.ts';
