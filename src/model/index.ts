/**
 * Value types, plan statuses and exact money shared by every stage: the answers to questions
 * asked in many places. Part of the floor.
 * May import: errors.
 */

export * from './awaited-decision.ts';
export * from './booking-endpoint.ts';
export * from './client-night.ts';
export * from './console-link.ts';
export * from './daily-split.ts';
export * from './fix-first.ts';
export * from './flag-words.ts';
export * from './guest-address.ts';
export * from './keep.ts';
export * from './money.ts';
export * from './money-text.ts';
export * from './needs-diagnosis.ts';
export * from './payment-status.ts';
export * from './per-thousand.ts';
export * from './plan-lifecycle.ts';
export * from './plan-money.ts';
export * from './plan-status.ts';
export * from './precision.ts';
export * from './precision-words.ts';
export * from './regression.ts';
export * from './regression-words.ts';
export * from './rejection-category.ts';
export * from './report.ts';
export * from './reservation-status.ts';
export * from './roles.ts';
export * from './run-warning.ts';
export * from './runbook-fix.ts';
export * from './set-content-hash.ts';
export * from './set-copies.ts';
export * from './sql-params.ts';
export * from './text-format.ts';
export * from './types.ts';
