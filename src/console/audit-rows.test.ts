import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../state/index.ts';
import { auditRow } from './audit-rows.ts';

const entry = (action: string, detail: Record<string, unknown>): AuditEntry => ({
  seq: 7,
  at: '2026-12-02T02:17:33.123456Z',
  actor: 'ops',
  action,
  runId: null,
  setId: null,
  planId: 'plan-1',
  detail,
});

describe('an audit entry as a row', () => {
  it('says what happened in words, when in UTC, and the details in one short line with flags named', () => {
    const row = auditRow(
      entry('PLAN_PROPOSED', {
        flags: ['LARGE_REFUND', 'DOUBT'],
        replaces: null,
        previousStatus: 'PROPOSED',
      }),
    );
    expect(row.what).toBe('Plan proposed');
    expect(row.when).toBe('2 Dec 2026 02:17:33 UTC');
    expect(row.summary).toBe('flags: large refund, in doubt; previous status: PROPOSED');
    expect(JSON.parse(row.detail!)).toEqual({
      flags: ['LARGE_REFUND', 'DOUBT'],
      replaces: null,
      previousStatus: 'PROPOSED',
    });
  });

  it('leaves an API answer to the folded details and keeps the line short', () => {
    const row = auditRow(
      entry('ITEM_DONE', {
        itemId: 'refund-1',
        call: 'POST /payments/p1/refunds',
        httpStatus: 201,
        response: { body: 'x'.repeat(5000) },
        reason: 'y'.repeat(500),
      }),
    );
    expect(row.what).toBe('Item done');
    expect(row.summary).toMatch(
      /^item id: refund-1; call: POST \/payments\/p1\/refunds; http status: 201; reason: y+…$/,
    );
    expect(row.summary.length).toBeLessThanOrEqual(200);
    expect(row.detail).toContain('x'.repeat(5000));
  });

  it('says a plan was proposed without flags', () => {
    expect(auditRow(entry('PLAN_PROPOSED', { flags: [], replaces: null })).summary).toBe('flags: none');
  });

  it('has no details to fold when the entry has none', () => {
    expect(auditRow(entry('USER_REMOVED', {})).detail).toBeNull();
  });
});
