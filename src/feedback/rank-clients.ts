/**
 * What to fix first: the clients' nights of a period added up per client id, release included
 * (engineering ships a fix to a release), and ranked by the copies they left. Money at stake is
 * per currency and never added across currencies, so it cannot rank clients on its own: among
 * clients with as many copies, the one with more money in the period's main currency (the one most
 * payments at stake are in) comes first, then the one with more payments at stake in any currency.
 * Clients without copies are left out: there is nothing for them to fix.
 */
import {
  type ClientNight,
  type CurrencyTotal,
  clientRelease,
  type FixFirst,
  type FixFirstRow,
  perThousand,
  ROOT_CAUSES,
  type RootCause,
  runbookFix,
  sumTotals,
  toMinor,
} from '../model/index.ts';

/** Example sets per client: enough to open one of each kind, few enough to read. */
export const FIX_FIRST_EXAMPLES = 3;

type Span = { readonly from: string; readonly to: string };

export function rankClients(nights: readonly ClientNight[], period: Span): FixFirst {
  // As instants, not as text: a period written "…00Z" and a night "…00.000Z" are the same moment.
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  const inside = nights.filter((n) => Date.parse(n.from) >= from && Date.parse(n.to) <= to);
  const byClient = new Map<string, ClientNight[]>();
  for (const n of inside) byClient.set(n.clientId, [...(byClient.get(n.clientId) ?? []), n]);
  const rows = [...byClient.entries()].flatMap(([clientId, own]) => {
    const row = rowOf(clientId, own);
    return row ? [row] : [];
  });
  const mainCurrency = mainCurrencyOf(rows);
  const inMain = (r: FixFirstRow): bigint => {
    const t = r.atStake.find((m) => m.currency === mainCurrency);
    return t ? toMinor(t.amount) : 0n;
  };
  const payments = (r: FixFirstRow): number => r.atStake.reduce((a, t) => a + t.count, 0);
  rows.sort((a, b) => {
    if (a.copies !== b.copies) return b.copies - a.copies;
    const money = inMain(b) - inMain(a);
    if (money !== 0n) return money > 0n ? 1 : -1;
    return payments(b) - payments(a) || (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0);
  });
  return {
    period: { from: period.from, to: period.to },
    nights: new Set(inside.map((n) => `${n.from}\u0000${n.to}`)).size,
    mainCurrency,
    rows,
  };
}

function rowOf(clientId: string, nights: readonly ClientNight[]): FixFirstRow | null {
  const withCopies = nights
    .filter((n) => n.copies > 0)
    .slice()
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const first = withCopies[0];
  const last = withCopies.at(-1);
  if (!first || !last) return null;
  const copies = nights.reduce((a, n) => a + n.copies, 0);
  const bookings = nights.reduce((a, n) => a + n.bookings, 0);
  const perCause = new Map<RootCause, number>();
  for (const n of nights) {
    for (const c of ROOT_CAUSES) {
      const k = n.byCause[c] ?? 0;
      if (k > 0) perCause.set(c, (perCause.get(c) ?? 0) + k);
    }
  }
  // Most copies first; a tie goes to the cause the runbook lists first, so a known cause
  // outranks UNKNOWN and the same nights always name the same fix.
  const causes = ROOT_CAUSES.filter((c) => perCause.has(c))
    .map((cause) => ({ cause, copies: perCause.get(cause)! }))
    .sort((a, b) => b.copies - a.copies);
  const cause = causes[0]?.cause ?? 'UNKNOWN';
  const fix = runbookFix(cause);
  const examples = new Set<string>();
  for (const n of withCopies.slice().reverse()) {
    for (const id of n.exampleSetIds) if (examples.size < FIX_FIRST_EXAMPLES) examples.add(id);
  }
  const { client, release } = clientRelease(clientId);
  return {
    clientId,
    client,
    release,
    copies,
    bookings,
    perThousand: perThousand(copies, bookings),
    atStake: sumTotals(nights.map((n) => n.atStake)),
    cause,
    causes,
    fix: { title: fix.title, text: fix.text },
    firstNight: { from: first.from, to: first.to },
    lastNight: { from: last.from, to: last.to },
    exampleSetIds: [...examples],
  };
}

/** The currency most payments at stake are in, across the ranked clients; ties in code order. */
function mainCurrencyOf(rows: readonly FixFirstRow[]): string | null {
  const totals: CurrencyTotal[] = sumTotals(rows.map((r) => r.atStake));
  let best: CurrencyTotal | null = null;
  for (const t of totals) if (!best || t.count > best.count) best = t;
  return best?.currency ?? null;
}
