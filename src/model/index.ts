/** Value types, plan statuses and exact money shared by every stage. */
export * from './awaited-decision.ts';
export * from './keep.ts';
export * from './money.ts';
export * from './plan-lifecycle.ts';
export * from './plan-status.ts';
export * from './report.ts';
export * from './set-content-hash.ts';
export * from './types.ts';
