/** Carrying out approved plans through the booking API, exactly once, then validating them. */
export { type ApiCall, callsOf } from './api-calls.ts';
export { type ApiAnswer, type ApiOptions, callApi } from './booking-api.ts';
export { staleReason, validationProblems } from './check-plan.ts';
export {
  type ExecuteOptions,
  type ExecutionOutcome,
  executePlans,
  type PlanExecution,
} from './execute-plans.ts';
