import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { requireSource } from './require-source.ts';
import { DEMO_DIR, DEPLOYMENT_VARIABLES, redactUrl, resolveConfig } from './resolve.ts';

const made: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'resrecon-config-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('resolveConfig', () => {
  it('runs on the embedded demo data when nothing is configured, keeping its state apart in home/demo', () => {
    const cwd = dir();
    const cfg = resolveConfig({ cwd, env: { RESRECON_HOME: join(cwd, 'h') } });
    expect(cfg.source).toEqual({ kind: 'files', dir: DEMO_DIR, demo: true });
    expect(cfg.localDir).toBe(join(cwd, 'h', 'demo'));
    expect(cfg.warehousePath).toBe(join(cwd, 'h', 'demo', 'warehouse.duckdb'));
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

  it('judges release regressions by 14 nights of baseline, 3 times the rate and 5 copies unless told otherwise', () => {
    const cwd = dir();
    expect(resolveConfig({ cwd, env: {} }).reconcile.regression).toEqual({
      baselineNights: 14,
      ratio: 3,
      minCopies: 5,
      minBaselineNights: 3,
    });
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ reconcile: { regression: { baselineNights: 28, minCopies: 10 } } }),
    );
    expect(resolveConfig({ cwd, env: {} }).reconcile.regression).toEqual({
      baselineNights: 28,
      ratio: 3,
      minCopies: 10,
      minBaselineNights: 3,
    });
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ reconcile: { regression: { ratio: 0.5 } } }),
    );
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(/reconcile\.regression\.ratio/);
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ reconcile: { regression: { baselineNights: 2 } } }),
    );
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(
      'reconcile.regression.baselineNights: minBaselineNights cannot exceed baselineNights (3 (the default) against 2)',
    );
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ reconcile: { regression: { minBaselineNights: 15 } } }),
    );
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(
      'reconcile.regression.minBaselineNights: minBaselineNights cannot exceed baselineNights (15 against 14 (the default))',
    );
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ reconcile: { regression: { minBaselineNights: 14 } } }),
    );
    expect(resolveConfig({ cwd, env: {} }).reconcile.regression.minBaselineNights).toBe(14);
  });

  it('keeps the newest 60 runs’ output folders with no age rule unless told otherwise, and refuses keeping none', () => {
    const cwd = dir();
    expect(resolveConfig({ cwd, env: {} }).reports).toMatchObject({ keepRuns: 60, keepDays: 0 });
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ reports: { keepRuns: 7, keepDays: 30 } }),
    );
    expect(resolveConfig({ cwd, env: {} }).reports).toMatchObject({ keepRuns: 7, keepDays: 30 });
    writeFileSync(join(cwd, 'resrecon.config.json'), JSON.stringify({ reports: { keepRuns: 0 } }));
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(/reports\.keepRuns/);
  });

  it('reads the measured-precision settings from the rules record, defaulted, range-checked and kept out of the thresholds', () => {
    const cwd = dir();
    expect(resolveConfig({ cwd, env: {} }).precision).toEqual({
      minPrecision: 0.9,
      precisionDays: 30,
      minDecisions: 10,
    });
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({
        rules: { minPrecision: 0.8, precisionDays: 14, minDecisions: 20, max_retry_gap_ms: 90000 },
      }),
    );
    const cfg = resolveConfig({ cwd, env: {} });
    expect(cfg.precision).toEqual({ minPrecision: 0.8, precisionDays: 14, minDecisions: 20 });
    expect(cfg.rules).toEqual({ max_retry_gap_ms: 90000 });
    for (const [rules, setting] of [
      [{ minPrecision: 1.5 }, /rules\.minPrecision must lie between 0 and 1/],
      [{ precisionDays: 0 }, /rules\.precisionDays must be a whole number, 1 or more/],
      [{ precisionDays: 1e9 }, /rules\.precisionDays must be at most 3650/],
      [{ minDecisions: 2.5 }, /rules\.minDecisions must be a whole number, 1 or more/],
    ] as const) {
      writeFileSync(join(cwd, 'resrecon.config.json'), JSON.stringify({ rules }));
      expect(() => resolveConfig({ cwd, env: {} })).toThrow(setting);
    }
  });

  it('keeps a booking 30 days past its stay and logs 30 days unless told otherwise, and refuses a negative retention naming the field', () => {
    const cwd = dir();
    expect(resolveConfig({ cwd, env: {} }).warehouse.retention).toEqual({
      stayMarginDays: 30,
      logDays: 30,
      compactRatio: 2,
    });
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ warehouse: { retention: { logDays: 90 } } }),
    );
    expect(resolveConfig({ cwd, env: {} }).warehouse.retention).toEqual({
      stayMarginDays: 30,
      logDays: 90,
      compactRatio: 2,
    });
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ warehouse: { retention: { stayMarginDays: -1 } } }),
    );
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(/warehouse\.retention\.stayMarginDays/);
    writeFileSync(
      join(cwd, 'resrecon.config.json'),
      JSON.stringify({ warehouse: { retention: { compactRatio: 0.5 } } }),
    );
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(/warehouse\.retention\.compactRatio/);
  });

  it('takes an amount written as a bare whole number exactly, and refuses any other number with the advice to quote it', () => {
    const cwd = dir();
    const yaml = (amount: string) =>
      writeFileSync(
        join(cwd, 'resrecon.config.yaml'),
        `source:\n  url: postgresql://h/db\nreconcile:\n  largeRefundAmount: ${amount}\n  largeRefundByCurrency:\n    JPY: 80000\n`,
      );
    yaml('1000');
    const cfg = resolveConfig({ cwd, env: {} });
    expect(cfg.reconcile.largeRefundAmount).toBe('1000');
    expect(cfg.reconcile.largeRefundByCurrency['JPY']).toBe('80000');
    yaml('"1000.50"');
    expect(resolveConfig({ cwd, env: {} }).reconcile.largeRefundAmount).toBe('1000.50');
    yaml('1000.5');
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(
      /reconcile\.largeRefundAmount: 1000\.5 is a number, which may not be exact: write the amount in quotes, such as "1000\.50"/,
    );
    // Past 2^53 a number is not the digits written.
    yaml('12345678901234567890');
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(/largeRefundAmount: .*write the amount in quotes/);
    yaml('-5');
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(
      /largeRefundAmount: an amount of at least 0, in quotes/,
    );
  });

  it('never falls back to the demo data when a deployment setting or a configuration file is present', () => {
    // A value each setting accepts: a new deployment setting is not typed until it has one here.
    const values: Record<(typeof DEPLOYMENT_VARIABLES)[number], string> = {
      RESRECON_STATE_URL: 'postgresql://h/db',
      RESRECON_SMTP_URL: 'smtp://127.0.0.1:25',
      RESRECON_MAIL_TO_FINANCE: 'x@example.com',
      RESRECON_MAIL_TO_ENGINEERING: 'x@example.com',
      RESRECON_MAIL_TO_OPS: 'x@example.com',
      RESRECON_BOOKING_API_URL: 'https://api.example.com',
      RESRECON_WEBHOOK_URL: 'https://hooks.example.com/resrecon',
    };
    for (const variable of DEPLOYMENT_VARIABLES) {
      const value = values[variable];
      const cfg = resolveConfig({ cwd: dir(), env: { [variable]: value } });
      expect(cfg.source).toEqual({ kind: 'none', deployedBy: variable });
      expect(() => requireSource(cfg.source)).toThrow(
        expect.objectContaining({ name: 'ConfigError', setting: 'RESRECON_SOURCE_URL' }),
      );
    }
    const cwd = dir();
    writeFileSync(join(cwd, 'resrecon.config.json'), '{}');
    const cfg = resolveConfig({ cwd, env: {} });
    expect(cfg.source).toMatchObject({
      kind: 'none',
      deployedBy: expect.stringContaining('resrecon.config.json'),
    });
    expect(cfg.localDir).toBe(cfg.home);
  });

  it('refuses an unknown rule threshold when the configuration is loaded', () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'resrecon.config.json'), JSON.stringify({ rules: { max_retry_gap_msec: 5 } }));
    expect(() => resolveConfig({ cwd, env: {} })).toThrow(
      expect.objectContaining({ name: 'ConfigError', setting: 'rules.max_retry_gap_msec' }),
    );
  });

  it('never shows a password when printing a URL', () => {
    expect(redactUrl('postgresql://u:s3cret@db:5432/x?sslpassword=p')).not.toMatch(/s3cret|=p\b/);
  });
});
