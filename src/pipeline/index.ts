/**
 * A whole run, stage after stage (extract, rules, reconcile, state, reports), under the run lock,
 * and the report it leaves (report.json and the emails); the burst watch's pass.
 * May import: the floor, config, extract, feedback, reconcile, reports, rules, state, warehouse.
 */
export { resolveWindow } from './resolve-window.ts';
export { newRunId } from './run-id.ts';
export { type RunOptions, type RunOutcome, runPipeline } from './run-pipeline.ts';
export { type WatchOptions, type WatchOutcome, watchPass } from './watch-pass.ts';
