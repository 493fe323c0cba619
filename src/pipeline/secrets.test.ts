import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { startStandIn } from '../../test/support/booking-api.ts';
import { runCli } from '../../test/support/cli.ts';
import { addDeciders } from '../../test/support/deciders.ts';
import { createTestDatabase, queryRows, type TestDatabase } from '../../test/support/pg.ts';
import { startWebhook } from '../../test/support/receivers.ts';
import { resolveConfig } from '../config/index.ts';
import { approvePlan } from '../decisions/index.ts';
import { type JobLog, startScheduler } from '../schedule/index.ts';
import { simulate } from '../simulate/index.ts';
import { openStore } from '../state/index.ts';

/** Secrets as a deployment configures them; none may show up in anything resrecon writes. */
const SECRETS = {
  source: 'src-SECRET-pw-1',
  state: 'state-SECRET-pw-2',
  smtp: 'smtp-SECRET-pw-3',
  api: 'api-SECRET-token-4',
  hook: 'hook-SECRET-path-5',
};

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function tableText(url: string, table: string): Promise<string> {
  return JSON.stringify(await queryRows(url, `SELECT * FROM resrecon.${table}`));
}

describe('secrets', () => {
  it('never appear in reports, emails, outboxes, logs, errors, alerts, the run history or the audit', async () => {
    const source: TestDatabase = await createTestDatabase('secrets_source');
    const state: TestDatabase = await createTestDatabase('secrets_state');
    cleanup.push(
      () => source.drop(),
      () => state.drop(),
    );
    const home = mkdtempSync(join(tmpdir(), 'resrecon-secrets-'));
    cleanup.push(() => rmSync(home, { recursive: true, force: true }));
    await simulate({
      targetUrl: source.url,
      seed: 3,
      reservations: 300,
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-02T00:00:00Z',
    });

    const mails: string[] = [];
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _s, cb) {
        if (auth.password === SECRETS.smtp) return cb(null, { user: auth.username });
        cb(new Error('bad password'));
      },
      onData(stream, _s, cb) {
        simpleParser(stream)
          .then((m) => {
            mails.push(`${m.subject}\n${m.text}\n${m.html || ''}`);
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => smtp.close(() => r())));
    const hook = await startWebhook();
    cleanup.push(() => hook.close());
    const api = await startStandIn({ sourceUrl: source.url, token: SECRETS.api });
    cleanup.push(() => api.close());

    const env = {
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: withPassword(source.url, SECRETS.source),
      RESRECON_STATE_URL: withPassword(state.url, SECRETS.state),
      RESRECON_SMTP_URL: `smtp://mailer:${SECRETS.smtp}@127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      RESRECON_MAIL_TO_FINANCE: 'finance@example.com',
      RESRECON_MAIL_TO_ENGINEERING: 'eng@example.com',
      RESRECON_MAIL_TO_OPS: 'ops@example.com',
      RESRECON_BOOKING_API_URL: api.url,
      RESRECON_BOOKING_API_TOKEN: SECRETS.api,
      RESRECON_WEBHOOK_URL: `${hook.url}/${SECRETS.hook}`,
    };
    const said: string[] = [];
    const cli = async (args: string[]) => {
      const r = await runCli(args, { cwd: home, env });
      said.push(r.stdout, r.stderr);
      return r;
    };
    const window = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02T00:00:00Z'];
    expect((await cli(['run', ...window, '--out', join(home, 'out', 'night')])).code).toBe(0);
    expect(mails.length).toBe(3);

    // A plan carried out through the API, with the token.
    const config = resolveConfig({ cwd: home, env });
    const store = await openStore({ stateUrl: config.stateUrl, home: config.localDir });
    const [plan] = await store.listPlans({ status: 'PROPOSED' });
    await addDeciders(store, { 'ops@example.com': 'approver' });
    await approvePlan(store, plan!.plan.planId, { by: 'ops@example.com' }, config.reconcile);
    await store.close();
    await cli(['execute', plan!.plan.planId]);
    await cli(['plans', 'show', plan!.plan.planId]);
    await cli(['runs']);

    // A failing nightly run: the source's password in an error, alerts by email and webhook.
    // The same database (the state store belongs to it) reached as a role that does not exist.
    const broken = new URL(env.RESRECON_SOURCE_URL);
    broken.username = 'resrecon_missing_role';
    const log: string[] = [];
    const put = (obj: Record<string, unknown>, msg: string) => log.push(`${msg} ${JSON.stringify(obj)}`);
    const jobLog: JobLog = { info: put, warn: put, error: put };
    const scheduler = await startScheduler({
      config: resolveConfig({
        cwd: home,
        env: { ...env, RESRECON_SOURCE_URL: broken.toString(), RESRECON_SCHEDULE: '* * * * * *' },
      }),
      log: jobLog,
      watch: null,
      outDir: (id) => join(home, 'out', id),
    });
    const until = Date.now() + 20_000;
    while (hook.bodies.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop('test');
    expect(hook.bodies.length).toBeGreaterThan(0);

    const everything = [
      ...said,
      ...log,
      ...mails,
      JSON.stringify(hook.bodies),
      ...filesUnder(home).map((f) => readFileSync(f).toString('latin1')),
      await tableText(state.url, 'audit'),
      await tableText(state.url, 'runs'),
      await tableText(state.url, 'item_outcomes'),
      JSON.stringify(api.requests.map((r) => ({ key: r.key, action: r.action }))),
    ].join('\n');
    expect(everything).toContain('resrecon_missing_role');
    for (const [what, secret] of Object.entries(SECRETS)) {
      expect(everything.includes(secret), `the ${what} secret leaked`).toBe(false);
    }
  }, 180_000);
});
