import { describe, expect, it } from 'vitest';
import { samplePlans, sampleReport, sampleSets, withGuestName } from '../../test/support/sample-run.ts';
import { fromMinor, isOutstanding, type PlanStatus, toMinor } from '../model/index.ts';
import { REFUNDS_CSV_COLUMNS, refundsCsv } from './refunds-csv.ts';

/** RFC 4180 reader, just enough to read back what csv-stringify wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return rows;
}

function records(csv: string): Record<string, string>[] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = parseCsv(csv.slice(1));
  expect(header).toEqual([...REFUNDS_CSV_COLUMNS]);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describe('refundsCsv', () => {
  const report = sampleReport();
  const rows = records(refundsCsv(report.sets));

  it('has one row per refund, void and transfer still to carry out, with the exact amount and its currency', () => {
    const plans = report.sets.flatMap((s) => (s.plan && isOutstanding(s.plan.status) ? [s.plan] : []));
    const expected = [
      ...plans.flatMap((p) => p.refunds.map((r) => ['refund', r.paymentId, r.amount, r.currency])),
      ...plans.flatMap((p) => p.voids.map((v) => ['void', v.paymentId, v.amount, v.currency])),
      ...plans.flatMap((p) => p.transfers.map((t) => ['transfer', t.paymentId, t.amount, t.currency])),
    ].map((r) => r.join('|'));
    const actual = rows.map((r) => [r['action'], r['payment_id'], r['amount'], r['currency']].join('|'));
    expect(actual.length).toBeGreaterThan(5);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('adds up, per currency, to the refund totals of the report', () => {
    const sums = new Map<string, bigint>();
    for (const r of rows.filter((x) => x['action'] === 'refund')) {
      sums.set(r['currency']!, (sums.get(r['currency']!) ?? 0n) + toMinor(r['amount']!));
    }
    expect(report.totals.refunds.map((t) => [t.currency, t.amount])).toEqual(
      [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, m]) => [c, fromMinor(m)]),
    );
  });

  it('names the reservation a transfer goes to', () => {
    const transfer = rows.find((r) => r['action'] === 'transfer')!;
    expect(transfer['reservation_id']).toBe('res_h0a0f7');
    expect(transfer['to_reservation_id']).toBe('res_h0a001');
  });

  it('writes the same bytes whatever order the plans come in', () => {
    expect(refundsCsv([...report.sets].reverse())).toBe(refundsCsv(report.sets));
  });

  it('keeps commas, quotes and accents in guest names, and defuses spreadsheet formulas', () => {
    const names = ['Doe, "Jane"', '=HYPERLINK("http://evil.example","x")', 'Jana Nováková'];
    const variant = sampleReport(sampleSets().map((s, i) => withGuestName(s, names[i % names.length]!)));
    const got = records(refundsCsv(variant.sets)).map((r) => r['guest_name']);
    expect(got).toContain('Doe, "Jane"');
    expect(got).toContain('Jana Nováková');
    expect(got).toContain(`'=HYPERLINK("http://evil.example","x")`);
    expect(got).not.toContain('=HYPERLINK("http://evil.example","x")');
  });
});

describe('refundsCsv and plan status', () => {
  it('leaves out plans that were rejected, superseded or already executed, and keeps started ones', () => {
    const sets = sampleSets();
    const statuses: PlanStatus[] = ['REJECTED', 'SUPERSEDED', 'EXECUTED', 'EXECUTING', 'FAILED', 'APPROVED'];
    const variant = sampleReport(
      sets,
      samplePlans(sets, (_s, i) => statuses[i]),
    );
    const ids = new Set(records(refundsCsv(variant.sets)).map((r) => r['plan_id']));
    const planOf = (i: number) => variant.sets[i]!.plan!.planId;
    for (const i of [0, 1, 2]) expect(ids.has(planOf(i))).toBe(false);
    for (const i of [3, 4, 5]) expect(ids.has(planOf(i))).toBe(true);
  });
});
