import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from '../model/index.ts';
import { REFUNDS_CSV_COLUMNS, refundsCsv } from './refunds-csv.ts';
import { sampleReport } from './sample-report.ts';

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
  const rows = records(refundsCsv(report));

  it('has one row per refund, void and transfer, with the exact amount and its currency', () => {
    const plans = report.sets.flatMap((s) => (s.plan ? [s.plan] : []));
    const expected = [
      ...plans.flatMap((p) => p.refunds.map((r) => ['refund', r.paymentId, r.amount, r.currency])),
      ...plans.flatMap((p) => p.voids.map((v) => ['void', v.paymentId, v.amount, v.currency])),
      ...plans.flatMap((p) => p.transfers.map((t) => ['transfer', t.paymentId, t.amount, t.currency])),
    ].map((r) => r.join('|'));
    const actual = rows.map((r) => [r['action'], r['payment_id'], r['amount'], r['currency']].join('|'));
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
    expect(transfer['reservation_id']).toBe('res_f1c2d4');
    expect(transfer['to_reservation_id']).toBe('res_f1c220');
  });

  it('keeps commas, quotes and accents in guest names, and defuses spreadsheet formulas', () => {
    const names = ['Doe, "Jane"', '=HYPERLINK("http://evil.example","x")', 'Jana Nováková'];
    const variant = sampleReport(report.sets.map((s, i) => ({ ...s, guestName: names[i % names.length]! })));
    const got = records(refundsCsv(variant)).map((r) => r['guest_name']);
    expect(got).toContain('Doe, "Jane"');
    expect(got).toContain('Jana Nováková');
    expect(got).toContain(`'=HYPERLINK("http://evil.example","x")`);
    expect(got).not.toContain('=HYPERLINK("http://evil.example","x")');
  });
});

describe('refundsCsv and plan status', () => {
  it('leaves out plans that were rejected, superseded or already executed', () => {
    const report = sampleReport();
    const statuses = ['REJECTED', 'SUPERSEDED', 'EXECUTED'];
    const variant = sampleReport(
      report.sets.map((s, i) => (s.plan && i < 3 ? { ...s, plan: { ...s.plan, status: statuses[i]! } } : s)),
    );
    const ids = records(refundsCsv(variant)).map((r) => r['plan_id']);
    for (const s of variant.sets.slice(0, 3)) expect(ids).not.toContain(s.plan!.planId);
    expect(ids).toContain(variant.sets[3]!.plan!.planId);
  });
});
