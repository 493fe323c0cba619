/**
 * SQL helpers shared by every engine: identifier quoting. Part of the floor.
 * May import: errors.
 */
export { quoteIdent, quoteQualified } from './quote.ts';
