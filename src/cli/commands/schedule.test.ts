import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/cli.ts';

const home = mkdtempSync(join(tmpdir(), 'resrecon-schedule-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
// A source that is never reached: the schedule is checked before anything connects.
const env = { RESRECON_HOME: join(home, 'h'), RESRECON_SOURCE_URL: 'postgresql://127.0.0.1:1/bookings' };

describe('resrecon schedule', () => {
  it('names the environment variable a wrong watch or schedule came from, not a flag that was never given', async () => {
    const watch = await runCli(['schedule'], { cwd: home, env: { ...env, RESRECON_WATCH: '15' } });
    expect(watch.code).toBe(2);
    expect(watch.stderr).toMatch(/RESRECON_WATCH "15" is neither an interval \(15m\) nor a cron expression/);
    expect(watch.stderr).not.toMatch(/--watch/);
    const tooShort = await runCli(['schedule'], { cwd: home, env: { ...env, RESRECON_WATCH: '0s' } });
    expect(tooShort.stderr).toMatch(/RESRECON_WATCH: the watch interval "0s" must be at least 1s/);
    const zone = await runCli(['schedule'], {
      cwd: home,
      env: { ...env, RESRECON_TIMEZONE: 'Mars/Olympus' },
    });
    expect(zone.code).toBe(2);
    expect(zone.stderr).toMatch(/RESRECON_TIMEZONE: the time zone "Mars\/Olympus"/);
  });

  it('names the configuration file and key, or the flag, that gave it', async () => {
    const cwd = mkdtempSync(join(home, 'file-'));
    const file = join(cwd, 'resrecon.config.yaml');
    writeFileSync(file, 'schedule:\n  watch: "15"\n  cron: "not cron"\n');
    const fromFile = await runCli(['schedule'], { cwd, env });
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(
      `schedule.cron in ${file}: the schedule "not cron" is not a cron expression`,
    );
    writeFileSync(file, 'schedule:\n  watch: "15"\n');
    expect((await runCli(['schedule'], { cwd, env })).stderr).toContain(
      `schedule.watch in ${file} "15" is neither an interval (15m) nor a cron expression`,
    );
    const flag = await runCli(['schedule', '--watch', '15'], { cwd, env: { ...env, RESRECON_WATCH: '15m' } });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--watch "15" is neither/);
  });
});
