/**
 * The command line: one program, one file per command, one exit path for errors; this file is
 * the folder's entry (bin/resrecon.js runs it), which wires the rooms together.
 * Exit status (docs/contracts.md section 2): 0 done, 1 failed, 2 wrong command line or configuration.
 * May import: the floor, config, console, decisions, execute, feedback, pipeline, reports, schedule, simulate, state.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError, DataError, ExternalError, PermissionError, StateError } from '../errors/index.ts';
import { registerCommands } from './commands/index.ts';
import { red } from './output.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function describe(err: unknown): { message: string; code: number } {
  if (err instanceof ConfigError) {
    // A message that already names its setting ("…; set X") is not told to check it again.
    const check = err.setting && !err.message.includes(err.setting) ? ` (check ${err.setting})` : '';
    return { message: `${err.message}${check}`, code: EXIT_USAGE };
  }
  if (err instanceof ExternalError) {
    const causeText = err.cause instanceof Error ? err.cause.message : '';
    const cause = causeText && !err.message.includes(causeText) ? `: ${causeText}` : '';
    return { message: `${err.message}${cause}`, code: EXIT_FAILED };
  }
  if (err instanceof DataError) {
    const w = err.where;
    const at = [
      w.file,
      w.table,
      w.row !== undefined ? `row ${w.row}` : undefined,
      w.field ? `field ${w.field}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return { message: at ? `${at}: ${err.message}` : err.message, code: EXIT_FAILED };
  }
  if (err instanceof StateError || err instanceof PermissionError)
    return { message: err.message, code: EXIT_FAILED };
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err), code: EXIT_FAILED };
}

/** The package's version, as package.json states it (the README's changelog names the same). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function buildProgram(): Command {
  const program = new Command('resrecon')
    .description('Finds duplicate hotel reservations, explains why each happened, and plans the clean-up.')
    .version(VERSION, '--version', "the package's version")
    .option(
      '--config <path>',
      'configuration file (default: resrecon.config.json or .yaml here; env RESRECON_CONFIG)',
    )
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the command line and returns the exit status; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has already printed the message (and help); help and version are not errors.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const { message, code } = describe(err);
    process.stderr.write(`${red('resrecon:')} ${message}\n`);
    return code;
  }
}
