/**
 * The feedback stage: what people's decisions and the clients' nights tell us about the rules and
 * the clients. Pure logic over values the state store and the run hand it.
 * May import: the floor, config.
 */
export { FIX_FIRST_EXAMPLES, rankClients } from './rank-clients.ts';
