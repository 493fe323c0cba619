import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runbookFix } from './runbook-fix.ts';
import { ROOT_CAUSES } from './types.ts';

describe('runbookFix', () => {
  it('gives every cause its own fix, a short title and a sentence or two', () => {
    const titles = ROOT_CAUSES.map((c) => runbookFix(c).title);
    expect(new Set(titles).size).toBe(ROOT_CAUSES.length);
    for (const c of ROOT_CAUSES) {
      const { title, text } = runbookFix(c);
      expect(title.length, c).toBeLessThanOrEqual(60);
      expect(text.split(/[.;] /).length, c).toBeLessThanOrEqual(3);
    }
  });

  it('asks for one key per booking, reused on every retry, not a key per attempt', () => {
    expect(runbookFix('NO_KEY').text).toContain('same key on every retry');
    expect(runbookFix('NO_KEY').text).toContain('a new key per attempt books again');
  });

  it("answers a timed-out booking's retry from the key's record and raises the gateway's timeout", () => {
    expect(runbookFix('TIMEOUT_RETRY').text).toMatch(/timeout above the backend's/);
    expect(runbookFix('TIMEOUT_RETRY').text).toMatch(/stored result of its key's record/);
  });

  it("puts the key's lock in the booking's transaction for a race", () => {
    expect(runbookFix('RACE').text).toMatch(/booking's own database transaction/);
  });

  it('deduplicates on guest, stay, room type and rate without refusing rooms booked on purpose', () => {
    const { text } = runbookFix('MISSING_DEDUP');
    expect(text).toMatch(/same guest, stay, room type and rate/);
    expect(text).toMatch(/rooms booked on purpose/);
  });

  it('is the fix the README gives for each cause, word for word', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const c of ROOT_CAUSES) {
      const { title, text } = runbookFix(c);
      expect(readme, c).toContain(`(\`${c}\`)`);
      expect(readme, c).toContain(`**${title}.** ${text}`);
    }
  });
});
