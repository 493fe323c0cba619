/** Value types, plan statuses and exact money shared by every stage. */
export * from './keep.ts';
export * from './money.ts';
export * from './money-text.ts';
export * from './plan-lifecycle.ts';
export * from './plan-money.ts';
export * from './plan-status.ts';
export * from './report.ts';
export * from './set-content-hash.ts';
export * from './types.ts';
