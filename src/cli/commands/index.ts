/** Every command of the binary; one file each. Add a command by adding its register call here. */
import type { Command } from 'commander';
import { register as registerPlans } from './plans.ts';

export function registerCommands(program: Command): void {
  void program;
  registerPlans(program);
}
