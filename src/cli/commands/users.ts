/**
 * `resrecon users add NAME --role ROLE / remove NAME / list`: the console's local users. The
 * password is read from standard input (typed unseen, twice, on a terminal; the first line when
 * piped), or from RESRECON_USER_PASSWORD, never from the command line, where it would stay in
 * the shell's history and the process list.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.ts';
import { isRole, ROLES } from '../../model/index.ts';
import { info, printRows } from '../output.ts';
import { readPassword } from '../read-password.ts';
import { withStore } from '../with-store.ts';

export function register(program: Command): void {
  const users = program.command('users').description("the console's local users and roles");
  users
    .command('add <name>')
    .description(
      'add a user; the password is typed (not shown), read from piped standard input, or from RESRECON_USER_PASSWORD',
    )
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (name: string, flags: { role: string }) => {
      if (!isRole(flags.role)) throw new ConfigError(`--role must be one of ${ROLES.join(', ')}`, '--role');
      const role = flags.role;
      const password = process.env['RESRECON_USER_PASSWORD'] || (await readPassword());
      await withStore(program, (s) => s.addUser(name, password, role));
      info(`user ${name} added as ${role}`);
    });
  users
    .command('remove <name>')
    .description('remove a user')
    .action(async (name: string) => {
      await withStore(program, (s) => s.removeUser(name));
      info(`user ${name} removed`);
    });
  users
    .command('list')
    .description('the users and their roles')
    .action(async () => {
      const list = await withStore(program, (s) => s.listUsers());
      printRows(list.map((u) => ({ user: u.username, role: u.role, since: u.createdAt })));
    });
}
