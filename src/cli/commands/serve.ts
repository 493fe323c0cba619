/**
 * `resrecon serve [--port N] [--host H]`: the ops console. Listens on 127.0.0.1 unless told
 * otherwise; put it behind a TLS reverse proxy to reach it from elsewhere (README). Sessions are
 * kept in this process's memory (one console process per store) and their cookie is signed with
 * RESRECON_SESSION_SECRET (32+ characters) or a random secret per start.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../errors/index.ts';
import { info } from '../output.ts';
import { commandConfig, openCommandStore } from '../with-store.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('the ops console (sign-in, roles, approvals, audit)')
    .option('--port <n>', 'port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (flags: { port: string; host: string }) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new ConfigError('--port must be a port number', '--port');
      const secret = process.env['RESRECON_SESSION_SECRET'];
      if (secret !== undefined && secret.length < 32)
        throw new ConfigError(
          'RESRECON_SESSION_SECRET needs at least 32 characters',
          'RESRECON_SESSION_SECRET',
        );
      const config = await commandConfig(program);
      const store = await openCommandStore(config);
      const { buildConsole } = await import('../../console/index.ts');
      const app = await buildConsole({ config, store, ...(secret ? { sessionSecret: secret } : {}) });
      const address = await app.listen({ port, host: flags.host });
      info(
        `console at ${address}${secret ? '' : ' (sessions end when it stops: set RESRECON_SESSION_SECRET to keep them)'}`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      await app.close();
      await store.close();
    });
}
