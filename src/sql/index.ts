/** SQL helpers shared by every engine: identifier quoting. */
export { quoteIdent, quoteQualified } from './quote.ts';
