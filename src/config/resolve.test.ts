import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { DEMO_DIR, redactUrl, resolveConfig } from './resolve.ts';

const dir = (): string => mkdtempSync(join(tmpdir(), 'resrecon-config-'));

describe('resolveConfig', () => {
  it('runs on the embedded demo data when no source is configured', () => {
    const cfg = resolveConfig({ cwd: dir(), env: {} });
    expect(cfg.source).toEqual({ kind: 'files', dir: DEMO_DIR, demo: true });
    expect(cfg.stateUrl).toBeNull();
    expect(cfg.mail.smtpUrl).toBeNull();
    expect(cfg.mail.from).toBe('resrecon@localhost');
  });

  it('lets the environment override the file', () => {
    const cwd = dir();
    writeFileSync(
      join(cwd, 'resrecon.config.yaml'),
      'source:\n  url: postgresql://file@h/db\nmail:\n  to:\n    ops: [ops@file.test]\n',
    );
    const cfg = resolveConfig({
      cwd,
      env: { RESRECON_SOURCE_URL: 'postgresql://env@h/db', RESRECON_MAIL_TO_OPS: 'a@x.test, b@x.test' },
    });
    expect(cfg.source).toMatchObject({ kind: 'postgres', url: 'postgresql://env@h/db' });
    expect(cfg.mail.to.ops).toEqual(['a@x.test', 'b@x.test']);
  });

  it('names the setting to fix when a value is wrong', () => {
    expect(() => resolveConfig({ cwd: dir(), env: { RESRECON_SMTP_URL: 'http://mail' } })).toThrow(
      expect.objectContaining({ name: 'ConfigError', setting: 'RESRECON_SMTP_URL' }),
    );
    const cwd = dir();
    writeFileSync(join(cwd, 'resrecon.config.json'), JSON.stringify({ reconcile: { burstPerHour: -1 } }));
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(/reconcile\.burstPerHour/);
    writeFileSync(join(cwd, 'resrecon.config.json'), JSON.stringify({ sorce: {} }));
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(ConfigError);
  });

  it('never shows a password when printing a URL', () => {
    expect(redactUrl('postgresql://u:s3cret@db:5432/x?sslpassword=p')).not.toMatch(/s3cret|=p\b/);
  });
});
