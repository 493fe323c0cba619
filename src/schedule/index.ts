/**
 * The nightly job: cron ticks, catch-up, the burst watch, alerts and metrics.
 * May import: the floor, alerts, config, pipeline, state.
 */
export { dueWindows, type Window } from './due-windows.ts';
export { intervalMs } from './interval.ts';
export { jobLogger } from './job-logger.ts';
export { type JobMetrics, jobMetrics } from './metrics.ts';
export { type JobLog, type Scheduler, type SchedulerOptions, startScheduler } from './scheduler.ts';
