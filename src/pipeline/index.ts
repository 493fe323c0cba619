/** A whole run, stage after stage, and the report it leaves (report.json and the emails). */
export { resolveWindow } from './resolve-window.ts';
export { newRunId } from './run-id.ts';
export { type RunOptions, type RunOutcome, runPipeline } from './run-pipeline.ts';
export { type WatchOptions, type WatchOutcome, watchPass } from './watch-pass.ts';
