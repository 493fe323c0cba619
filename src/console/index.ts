/**
 * The ops console: sign-in, roles, plans, approvals (through the decision authority), execution
 * status, runs and the audit log.
 * May import: the floor, config, decisions, feedback, reports, state.
 */
export { buildConsole, type ConsoleOptions } from './console-server.ts';
