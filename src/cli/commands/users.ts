/**
 * `resrecon users add NAME --role ROLE / remove NAME / list`: the console's local users. The
 * password is read from standard input (one line), or from RESRECON_USER_PASSWORD, never from
 * the command line, where it would stay in the shell's history and the process list.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.ts';
import { isRole, ROLES } from '../../model/index.ts';
import { info, printRows } from '../output.ts';
import { withStore } from '../with-store.ts';

async function readPassword(): Promise<string> {
  const fromEnv = process.env['RESRECON_USER_PASSWORD'];
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) info('password (one line, not echoed back by this prompt):');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export function register(program: Command): void {
  const users = program.command('users').description("the console's local users and roles");
  users
    .command('add <name>')
    .description('add a user; the password is read from standard input or RESRECON_USER_PASSWORD')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (name: string, flags: { role: string }) => {
      if (!isRole(flags.role)) throw new ConfigError(`--role must be one of ${ROLES.join(', ')}`, '--role');
      const role = flags.role;
      const password = await readPassword();
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
