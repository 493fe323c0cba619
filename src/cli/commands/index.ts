/**
 * Every command of the binary; one file each. Add a command by adding its register call here.
 * A command file imports only commander, the floor and ../output.ts at its top, and loads the
 * rooms it needs (config, state, pipeline, console…) with `await import()` when it runs: every
 * file here is loaded at each start, and `--help` should not wait for DuckDB or fastify
 * (test/compiled-build.test.ts checks which packages a start loads).
 */
import type { Command } from 'commander';
import { register as registerExecute } from './execute.ts';
import { register as registerPlans } from './plans.ts';
import { register as registerRules } from './rules.ts';
import { register as registerRun } from './run.ts';
import { register as registerRuns } from './runs.ts';
import { register as registerSchedule } from './schedule.ts';
import { register as registerServe } from './serve.ts';
import { register as registerSimulate } from './simulate.ts';
import { register as registerUsers } from './users.ts';

export function registerCommands(program: Command): void {
  registerRun(program);
  registerPlans(program);
  registerExecute(program);
  registerRuns(program);
  registerRules(program);
  registerSchedule(program);
  registerSimulate(program);
  registerServe(program);
  registerUsers(program);
}
