/**
 * The extract stage's contract: move the booking data (PostgreSQL, through source, or a folder of
 * files) into the warehouse, incrementally and atomically; write the warehouse back out as files;
 * read a snapshot folder's manifest; the SELECTs a run would issue (planQueries, for the bench).
 * May import: the floor, config, source, warehouse.
 */
export { exportToFiles } from './export-to-files.ts';
export { type ExtractOptions, type ExtractResult, extract } from './extract.ts';
export { advanceLogHorizon } from './older-requests.ts';
export { type PlannedQueries, type PlanOptions, planQueries } from './postgres/plan-queries.ts';
export { type Manifest, readManifest } from './read-manifest.ts';
