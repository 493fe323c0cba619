import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../errors/index.ts';
import {
  holdsMailToSend,
  messageStem,
  type OutboxEntry,
  readEntries,
  writeEntry,
  writeMessage,
} from './index.ts';

let outbox = '';
beforeEach(() => {
  outbox = mkdtempSync(join(tmpdir(), 'resrecon-mail-'));
});
afterEach(() => rmSync(outbox, { recursive: true, force: true }));

function entry(audience: string, stem: string): OutboxEntry {
  return {
    runId: 'run 1/a',
    audience,
    from: 'resrecon@example.com',
    to: ['ops@example.com'],
    subject: 'hello',
    status: 'pending',
    attempts: 0,
    lastError: null,
    sentAt: null,
    messageId: null,
    eml: `${stem}.eml`,
  };
}

describe('the outbox', () => {
  it('names a message by its run and audience with only safe characters', () => {
    expect(messageStem('run 1/a', 'ops')).toBe('run_1_a-ops');
  });

  it('reads back each sidecar beside its message, by stem', async () => {
    const stem = messageStem('run 1/a', 'ops');
    const file = await writeMessage(outbox, stem, Buffer.from('Subject: hello\r\n\r\nhi\r\n'));
    await writeEntry(outbox, stem, entry('ops', stem));
    expect(file).toBe(join(outbox, 'run_1_a-ops.eml'));
    expect(await readEntries(outbox, ['ops', 'finance'])).toEqual([{ stem, entry: entry('ops', stem) }]);
  });

  it('refuses a sidecar for an audience it was not given, naming the file', async () => {
    await writeEntry(outbox, 'r-alerts', entry('alerts', 'r-alerts'));
    const read = readEntries(outbox, ['ops']);
    await expect(read).rejects.toBeInstanceOf(DataError);
    await expect(read).rejects.toThrow(
      `outbox sidecar ${join(outbox, 'r-alerts.json')} is not a resrecon message record`,
    );
  });

  it('reads an outbox that was never written as empty', async () => {
    expect(await readEntries(join(outbox, 'none'), ['ops'])).toEqual([]);
  });

  it('holds unsent mail while a message failed or is queued for a mail server, and none once every one is sent or was written with no server', async () => {
    expect(await holdsMailToSend(join(outbox, 'none'), ['ops'])).toBe(false);
    await writeEntry(outbox, 'r-ops', { ...entry('ops', 'r-ops'), status: 'sent' });
    expect(await holdsMailToSend(outbox, ['ops', 'finance'])).toBe(false);
    await writeEntry(outbox, 'r-finance', {
      ...entry('finance', 'r-finance'),
      status: 'pending',
      queued: false,
    });
    expect(await holdsMailToSend(outbox, ['ops', 'finance'])).toBe(false);
    await writeEntry(outbox, 'r-finance', { ...entry('finance', 'r-finance'), status: 'failed' });
    expect(await holdsMailToSend(outbox, ['ops', 'finance'])).toBe(true);
    await writeEntry(outbox, 'r-finance', { ...entry('finance', 'r-finance'), queued: true });
    expect(await holdsMailToSend(outbox, ['ops', 'finance'])).toBe(true);
  });

  it('never takes an outbox it cannot read for one with nothing unsent', async () => {
    writeFileSync(join(outbox, 'x.json'), '{');
    await expect(holdsMailToSend(outbox, ['ops'])).rejects.toThrow(/is not valid JSON/);
  });

  it('refuses a sidecar that is not JSON', async () => {
    writeFileSync(join(outbox, 'x.json'), '{');
    await expect(readEntries(outbox, ['ops'])).rejects.toThrow(/is not valid JSON/);
  });
});
