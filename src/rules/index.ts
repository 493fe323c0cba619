/**
 * The rules stage: warehouse -> labelled duplicate and look-alike sets, with root cause,
 * evidence and confidence. Rules are files in ./catalog (SQL plus a JSON declaration).
 * May import: the floor, warehouse.
 */
export { checkRuleThresholds, loadRules, type RuleDefinition } from './load-rules.ts';
export { type RulesInput, type RulesResult, runRules, type StepTiming } from './run-rules.ts';
export { setIdFor } from './set-id.ts';
