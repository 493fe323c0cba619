/** The ops console: sign-in, roles, plans, approvals, execution status, runs and the audit log. */
export { buildConsole, type ConsoleOptions } from './console-server.ts';
