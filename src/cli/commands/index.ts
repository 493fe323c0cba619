/** Every command of the binary; one file each. Add a command by adding its register call here. */
import type { Command } from 'commander';
import { register as registerExecute } from './execute.ts';
import { register as registerPlans } from './plans.ts';
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
  registerSchedule(program);
  registerSimulate(program);
  registerServe(program);
  registerUsers(program);
}
