import { describe, expect, it } from 'vitest';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { samplePlans, sampleReport, sampleSets, withGuestName } from '../../test/support/sample-run.ts';
import { fromMinor, isOutstanding, type PlanStatus, toMinor } from '../model/index.ts';
import { financeView } from './finance-view.ts';
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

describe('refundsCsv and payments in the card’s currency', () => {
  const T0 = '2026-11-26T10:15:23.100000Z';
  const T1 = '2026-11-26T10:15:24.900000Z';
  // Two EUR bookings with a copy each: one copy's card was charged in USD, the other's in EUR.
  const sets = [
    makeSet([
      makeMember('o1', T0, [{ paymentId: 'o1-eur' }]),
      makeMember('c1', T1, [{ paymentId: 'c1-usd', currency: 'USD', amount: '262.18' }]),
    ]),
    // Support gave back EUR 40.00 of the copy's charge: the original, paid in GBP, holds more.
    makeSet([
      makeMember('o2', T0, [{ paymentId: 'o2-gbp', currency: 'GBP', amount: '214.37' }]),
      makeMember('c2', T1, [{ paymentId: 'c2-eur', status: 'PARTIALLY_REFUNDED', refundedAmount: '40.00' }]),
    ]),
  ];
  const report = sampleReport(sets);

  it('lists each refund in its payment’s own currency, whatever the booking’s', () => {
    const rows = records(refundsCsv(report.sets));
    expect(rows.map((r) => [r['action'], r['payment_id'], r['amount'], r['currency']]).sort()).toEqual([
      ['refund', 'c1-usd', '262.18', 'USD'],
      ['refund', 'c2-eur', '200.00', 'EUR'],
    ]);
  });

  it('totals them per currency, never one sum across currencies', () => {
    expect(report.totals.refunds).toEqual([
      { currency: 'EUR', amount: '200.00', count: 1 },
      { currency: 'USD', amount: '262.18', count: 1 },
    ]);
    const finance = financeView(report);
    expect(finance.currencyRows.map((c) => [c.currency, c.total])).toEqual([
      ['EUR', ['EUR 200.00 refund']],
      ['USD', ['USD 262.18 refund']],
    ]);
    expect(finance.actionGroups.flatMap((g) => g.lines.map((a) => a.amount))).toEqual([
      'EUR 200.00',
      'USD 262.18',
    ]);
  });
});
