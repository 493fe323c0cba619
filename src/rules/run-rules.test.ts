import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addLock,
  addPayment,
  addRequest,
  addReservation,
  at,
  booked,
} from '../../test/support/booking-builder.ts';
import type { LabelledSet } from '../model/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { runRules } from './run-rules.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const window = { from: at(-24 * HOUR), to: at(24 * HOUR) };

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
});
afterEach(() => wh.close());

async function sets(): Promise<LabelledSet[]> {
  return [...(await runRules({ warehouse: wh, window })).sets];
}
const details = (s: LabelledSet): string => s.evidence.map((e) => e.detail).join('\n');

describe('root causes', () => {
  it('labels copies seconds apart without an Idempotency-Key NO_KEY and says which requests and client', async () => {
    const a = await booked(wh, 0);
    const b = await booked(wh, 1400);
    const [set, ...rest] = await sets();
    expect(rest).toEqual([]);
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY', ruleId: 'no-key' });
    expect(set!.reservationIds).toEqual([a.reservationId, b.reservationId]);
    expect(set!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set!)).toContain(
      `${b.requestId} came 1.4 s after ${a.requestId} from the same client ios-app@3.2.1`,
    );
    expect(details(set!)).toContain('none of the 2 creating requests carried an Idempotency-Key');
  });

  it('links a timed-out request to its booking by email and time and labels the set TIMEOUT_RETRY', async () => {
    // The first request hit the gateway's 29 s ceiling: 504 and no id, but the booking was made.
    const first = await addReservation(wh, { createdAt: at(12_300) });
    await addRequest(wh, {
      id: 'r-81',
      at: at(0),
      status: 504,
      durationMs: 29_000,
      error: 'upstream timeout',
    });
    const retry = await booked(wh, 29_800);
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'TIMEOUT_RETRY' });
    expect(set!.reservationIds).toEqual([first, retry.reservationId]);
    expect(set!.members[0]!.requestId).toBe('r-81');
    expect(details(set!)).toContain(
      'request r-81 from ios-app@3.2.1 ended with 504 (upstream timeout) after 29.0 s',
    );
    expect(details(set!)).toContain(
      `${retry.requestId} came 800 ms after r-81, from the same client with no Idempotency-Key`,
    );
  });

  it('links a timed-out booking to its request even when a gateway clock gone wrong logs a 2xx naming it in 2099', async () => {
    const first = await addReservation(wh, { createdAt: at(12_300) });
    await addRequest(wh, {
      id: 'r-81',
      at: at(0),
      status: 504,
      durationMs: 29_000,
      error: 'upstream timeout',
    });
    await addRequest(wh, { id: 'r-2099', at: '2099-01-01T00:00:00Z', reservationId: first });
    const retry = await booked(wh, 29_800);
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'TIMEOUT_RETRY' });
    expect(set!.reservationIds).toEqual([first, retry.reservationId]);
    expect(set!.members[0]!.requestId).toBe('r-81');
  });

  it('links a copy made days after a window run again later to the request that made it', async () => {
    const first = await booked(wh, 0);
    const later = await booked(wh, 4 * 24 * HOUR);
    const [set] = await sets();
    expect(set!.reservationIds).toEqual([first.reservationId, later.reservationId]);
    expect(set!.members.map((m) => m.requestId)).toEqual([first.requestId, later.requestId]);
  });

  it('treats a client hang-up (no status) at any ceiling as a timeout too', async () => {
    await addReservation(wh, { createdAt: at(4_000), key: 'k-1' });
    await addRequest(wh, {
      at: at(0),
      status: null,
      durationMs: 10_000,
      key: 'k-1',
      error: 'client closed request',
    });
    await booked(wh, 10_500, { key: 'k-2' });
    const [set] = await sets();
    expect(set!.rootCause).toBe('TIMEOUT_RETRY');
    expect(details(set!)).toContain('with a new Idempotency-Key');
  });

  it('labels overlapping requests with one key RACE and cites the failed lock and the missing 409', async () => {
    const a = await booked(wh, 0, { key: 'book-xyz', durationMs: 400 });
    const b = await booked(wh, 12, { key: 'book-xyz', durationMs: 380 });
    await addLock(wh, { key: 'book-xyz', requestId: a.requestId, acquired: true, createdAt: at(5) });
    await addLock(wh, { key: 'book-xyz', requestId: b.requestId, acquired: false, createdAt: at(15) });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'RACE', confidence: 0.97 });
    expect(details(set!)).toContain('carried the same Idempotency-Key book-xyz');
    expect(details(set!)).toContain(`${b.requestId} began 12 ms after ${a.requestId}`);
    expect(details(set!)).toContain('1 acquisition(s) failed');
    expect(details(set!)).toContain('no 409 was returned for key book-xyz');
  });

  it('says a copy whose request began first began so many ms before the other, never a negative "after"', async () => {
    // The copy's request reached the gateway 95 ms earlier but committed second.
    const a = await addReservation(wh, { createdAt: at(300), key: 'book-xyz' });
    const b = await addReservation(wh, { createdAt: at(420), key: 'book-xyz' });
    const aReq = await addRequest(wh, { at: at(100), durationMs: 400, key: 'book-xyz', reservationId: a });
    const bReq = await addRequest(wh, { at: at(5), durationMs: 480, key: 'book-xyz', reservationId: b });
    await addLock(wh, { key: 'book-xyz', requestId: bReq, acquired: true, createdAt: at(10) });
    await addLock(wh, { key: 'book-xyz', requestId: aReq, acquired: false, createdAt: at(105) });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'RACE', reservationIds: [a, b] });
    expect(details(set!)).toContain(
      `${bReq} began 95 ms before ${aReq} and ran for 480 ms: the two requests overlapped`,
    );
    expect(details(set!)).not.toMatch(/-\d+ ms/);
  });

  it('labels the same booking accepted hours apart under different keys MISSING_DEDUP', async () => {
    await booked(wh, 0, { key: 'k-a', clientId: 'partner-channel-mgr@1.4.0' });
    await booked(wh, 3 * HOUR, { key: 'k-b', clientId: 'partner-channel-mgr@1.4.0' });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'MISSING_DEDUP' });
    expect(set!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set!)).toContain(
      'identical booking data (same dates, room type and rate EUR 120.00) was submitted 2 times',
    );
    expect(details(set!)).toContain('k-a, k-b');
  });

  it('says UNKNOWN, with low confidence, when the gateway log has nothing for the set', async () => {
    await addReservation(wh, { createdAt: at(0) });
    await addReservation(wh, { createdAt: at(1_500) });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'UNKNOWN', ruleId: null });
    expect(set!.confidence).toBeLessThan(0.5);
    expect(details(set!)).toContain('no gateway log row was found');
  });
});

describe('retry or new submission', () => {
  /** Five earlier failures of the client, each retried about four minutes later. */
  async function clientRetriesAfterMinutes(clientId: string): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const email = `other${i}@example.com`;
      await addRequest(wh, {
        at: at(-10 * HOUR + i * HOUR),
        status: 503,
        durationMs: 1_000,
        email,
        clientId,
      });
      await addRequest(wh, {
        at: at(-10 * HOUR + i * HOUR + (3 + i / 4) * MIN),
        email,
        clientId,
        reservationId: null,
      });
    }
  }

  it('calls a keyless re-send minutes later NO_KEY when that is how the client retries', async () => {
    await clientRetriesAfterMinutes('partner-channel-mgr@1.3.7');
    await booked(wh, 0, { clientId: 'partner-channel-mgr@1.3.7' });
    await booked(wh, 4 * MIN, { clientId: 'partner-channel-mgr@1.3.7' });
    const [set] = await sets();
    expect(set).toMatchObject({ rootCause: 'NO_KEY' });
    expect(details(set!)).toMatch(
      /partner-channel-mgr@1.3.7 retries up to 4 min after a failure \(5 retries seen\)/,
    );
  });

  it('calls a keyless re-send minutes later in the same session NO_KEY', async () => {
    await booked(wh, 0, { correlationId: 'sess-1' });
    await booked(wh, 6 * MIN, { correlationId: 'sess-1' });
    const [set] = await sets();
    expect(set!.rootCause).toBe('NO_KEY');
    expect(details(set!)).toContain('in the same session (correlation id sess-1)');
  });

  it('calls the same re-send from another session MISSING_DEDUP, whatever the client usually does', async () => {
    await clientRetriesAfterMinutes('partner-channel-mgr@1.3.7');
    await booked(wh, 0, { clientId: 'partner-channel-mgr@1.3.7', correlationId: 'evt-1' });
    await booked(wh, 4 * MIN, { clientId: 'partner-channel-mgr@1.3.7', correlationId: 'evt-2' });
    expect((await sets())[0]!.rootCause).toBe('MISSING_DEDUP');
  });

  it('calls a keyed booking re-sent without its key seconds later NO_KEY, with the mixed keys in words', async () => {
    const first = await booked(wh, 0, { key: 'idem-77' });
    await booked(wh, 1_600);
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY', ruleId: 'no-key' });
    expect(set!.members[0]!.reservationId).toBe(first.reservationId);
    expect(set!.confidence).toBeLessThan(0.9);
    expect(details(set!)).toContain(
      'mixed keys: 1 of 2 creating requests carried an Idempotency-Key (idem-77)',
    );
  });

  it('calls the same mixed-key re-send hours later MISSING_DEDUP', async () => {
    await booked(wh, 0, { key: 'idem-78' });
    await booked(wh, 3 * HOUR);
    expect((await sets())[0]!.rootCause).toBe('MISSING_DEDUP');
  });

  it('finds the copy a channel re-delivered under the name as it writes it', async () => {
    await booked(wh, 0, { name: 'Jana Nováková', key: 'web-1' });
    await booked(wh, 2 * HOUR, { name: 'NOVAKOVA/JANA MRS', key: 'cm-evt-9', clientId: 'channel-manager@2' });
    const all = await sets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'MISSING_DEDUP' });
    expect(all[0]!.reservationIds).toHaveLength(2);
  });

  it('keeps two guests apart when only the surname and address are shared', async () => {
    await booked(wh, 0, { name: 'John Smith' });
    await booked(wh, 1_000, { name: 'Jane Smith' });
    expect((await sets()).map((s) => s.verdict)).toEqual(['LEGITIMATE']);
  });

  it('judges RACE from stored keys and lock rows when the gateway log is missing, doubted while one lock row is all', async () => {
    await addReservation(wh, { createdAt: at(0), key: 'k-r' });
    await addReservation(wh, { createdAt: at(220), key: 'k-r' });
    await addLock(wh, { key: 'k-r', requestId: 'x1', acquired: true, createdAt: at(-5) });
    const [set] = await sets();
    expect(set).toMatchObject({ rootCause: 'RACE', ruleId: 'race-unlogged' });
    expect(set!.confidence).toBeLessThan(0.8);
    expect(set!.doubt).toContain('nothing shows two requests running at once');
    expect(details(set!)).toContain('both store Idempotency-Key k-r and were created 220 ms apart');
    // A failed acquisition during that lock is the database's own record of the second request.
    await addLock(wh, { key: 'k-r', requestId: 'x2', acquired: false, createdAt: at(30) });
    const [raced] = await sets();
    expect(raced).toMatchObject({ rootCause: 'RACE', ruleId: 'race-unlogged' });
    expect(raced!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(raced!.doubt).toBeUndefined();
  });
});

describe('precedence', () => {
  it('prefers TIMEOUT_RETRY over NO_KEY when the keyless first request timed out', async () => {
    await addReservation(wh, { createdAt: at(20_000) });
    await addRequest(wh, { at: at(0), status: 499, durationMs: 30_000, error: 'client closed request' });
    await booked(wh, 30_200);
    expect((await sets())[0]!.rootCause).toBe('TIMEOUT_RETRY');
  });

  it('prefers RACE over MISSING_DEDUP when shared-key requests overlap', async () => {
    await booked(wh, 0, { key: 'k-same', durationMs: 900 });
    await booked(wh, 300, { key: 'k-same' });
    expect((await sets())[0]!.rootCause).toBe('RACE');
  });
});

describe('look-alikes', () => {
  it('calls rooms booked in one checkout for different occupants LEGITIMATE and plans nothing', async () => {
    await booked(wh, 0, { name: 'Ann Lee', key: 'k1', correlationId: 'cart-9' });
    await booked(wh, 900, { name: 'Bo Lee', key: 'k2', correlationId: 'cart-9' });
    await booked(wh, 1800, { name: 'Cy Lee', key: 'k3', correlationId: 'cart-9' });
    const all = await sets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ verdict: 'LEGITIMATE', rootCause: null });
    expect(details(all[0]!)).toContain('3 bookings of the same room type and dates for different occupants');
    expect(details(all[0]!)).toContain('one checkout (correlation id cart-9)');
  });

  it('does not flag a travel agent booking several guests under one address without keys', async () => {
    await booked(wh, 0, { email: 'desk@agency.test', name: 'Guest One' });
    await booked(wh, 5_000, { email: 'DESK@agency.test ', name: 'Guest Two' });
    const all = await sets();
    expect(all.map((s) => s.verdict)).toEqual(['LEGITIMATE']);
  });

  it('calls rooms under one name LEGITIMATE when one checkout sent them back to back, each with its own key', async () => {
    const rooms = [
      await booked(wh, 0, { key: 'cart-7-1', correlationId: 'cart-7', durationMs: 300 }),
      await booked(wh, 500, { key: 'cart-7-2', correlationId: 'cart-7', durationMs: 300 }),
      await booked(wh, 1_000, { key: 'cart-7-3', correlationId: 'cart-7', durationMs: 300 }),
    ];
    for (const r of rooms)
      await addPayment(wh, { reservationId: r.reservationId, amount: '120.00', createdAt: at(1_400) });
    const all = await sets();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ verdict: 'LEGITIMATE', rootCause: null, ruleId: 'one-checkout' });
    expect(all[0]!.reservationIds).toHaveLength(3);
    expect(details(all[0]!)).toContain(
      '3 rooms were booked in one checkout (correlation id cart-7), one request after another',
    );
    expect(details(all[0]!)).toContain(
      "each room's request carried its own Idempotency-Key (cart-7-1, cart-7-2, cart-7-3)",
    );
  });

  it('calls rooms under one name LEGITIMATE when one payment covers all their stays, keys or not', async () => {
    // Rates are nightly here, as another booking's charge shows: 3 nights at EUR 100.00 = EUR 300.00.
    const other = await booked(wh, 0, { email: 'cy@example.com', rate: '100.00' });
    await addPayment(wh, { reservationId: other.reservationId, amount: '300.00', createdAt: at(100) });
    const a = await booked(wh, 0, { rate: '240.00' });
    await booked(wh, 40_000, { rate: '240.00' });
    const pay = await addPayment(wh, {
      reservationId: a.reservationId,
      amount: '1440.00',
      createdAt: at(500),
    });
    const [set, ...rest] = await sets();
    expect(rest).toEqual([]);
    expect(set).toMatchObject({ verdict: 'LEGITIMATE', ruleId: 'one-checkout' });
    expect(details(set!)).toContain(
      `one payment on ${a.reservationId} (${pay}, EUR 1440.00) covers the stays of all 2 rooms`,
    );
  });

  it('takes a copy holding the one charge of a stay for a copy, not for a cart', async () => {
    const a = await booked(wh, 0, { rate: '240.00' });
    await booked(wh, 1_500, { rate: '240.00' });
    // 3 nights at EUR 240.00: the charge of one stay, on the original only.
    await addPayment(wh, { reservationId: a.reservationId, amount: '720.00', createdAt: at(500) });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY' });
  });

  it('calls rooms LEGITIMATE when their keys are numbered per room under one stem, even with no session in the log', async () => {
    await booked(wh, 0, { key: 'ord_5521/room-1' });
    await booked(wh, 700, { key: 'ord_5521/room-2' });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'LEGITIMATE', ruleId: 'one-checkout' });
    expect(details(set!)).toContain('numbered 1 to 2 under one stem ord_5521/room-');
  });

  it('reads numbered keys from the bookings themselves when the gateway log has nothing', async () => {
    await addReservation(wh, { createdAt: at(0), key: 'cart-31-1' });
    await addReservation(wh, { createdAt: at(600), key: 'cart-31-2' });
    await addReservation(wh, { createdAt: at(1_200), key: 'cart-31-3' });
    const [set, ...rest] = await sets();
    expect(rest).toEqual([]);
    expect(set).toMatchObject({ verdict: 'LEGITIMATE', ruleId: 'one-checkout' });
  });

  it('calls rooms of one session sent alongside each other, a key each, LEGITIMATE', async () => {
    await booked(wh, 0, { key: 'a7', correlationId: 'cart-p', durationMs: 900 });
    await booked(wh, 40, { key: 'b3', correlationId: 'cart-p', durationMs: 900 });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'LEGITIMATE', ruleId: 'one-checkout' });
    expect(details(set!)).toContain('the requests sent alongside each other');
  });

  it('doubts fresh keys seconds apart when the log has no session to tell a key-per-call client from a cart', async () => {
    await booked(wh, 0, { key: 'f1x' });
    await booked(wh, 2_000, { key: 'q9z' });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'MISSING_DEDUP' });
    expect(set!.doubt).toContain('a client minting a key per call looks like this');
  });

  it('doubts keyless requests back to back in one session: a library retry and a keyless cart look the same', async () => {
    const a = await booked(wh, 0, { correlationId: 'sess-42' });
    const b = await booked(wh, 1_100, { correlationId: 'sess-42' });
    for (const r of [a, b])
      await addPayment(wh, { reservationId: r.reservationId, amount: '120.00', createdAt: at(1_400) });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY' });
    expect(set!.doubt).toMatch(/back to back in one session \(correlation id sess-42\)/);
    expect(set!.evidence).toContainEqual({ kind: 'doubt', detail: set!.doubt });
  });

  it('has no doubt about keyless copies from two sessions, nor about the same session minutes later', async () => {
    await booked(wh, 0, { correlationId: 'tab-1' });
    await booked(wh, 1_300, { correlationId: 'tab-2' });
    await booked(wh, 0, { email: 'bo@example.com', correlationId: 's-9' });
    await booked(wh, 6 * MIN, { email: 'bo@example.com', correlationId: 's-9' });
    const all = await sets();
    expect(all.map((s) => [s.rootCause, s.doubt ?? null])).toEqual([
      ['NO_KEY', null],
      ['NO_KEY', null],
    ]);
  });

  it('doubts copies under one name in one session with their own keys when they came minutes apart', async () => {
    await booked(wh, 0, { key: 'k1', correlationId: 'cart-8' });
    await booked(wh, 5 * MIN, { key: 'k2', correlationId: 'cart-8' });
    const [set] = await sets();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'MISSING_DEDUP' });
    expect(set!.doubt).toContain('rooms booked on purpose under one name look the same');
  });

  it('ignores a cancelled booking followed by a new one', async () => {
    await booked(wh, 0, { status: 'CANCELLED' });
    await booked(wh, HOUR);
    expect(await sets()).toEqual([]);
  });

  it('splits a group of two intended rooms, one submitted twice, into a DUPLICATE and a LEGITIMATE set', async () => {
    const ann1 = await booked(wh, 0, { name: 'Ann Lee' });
    const bo = await booked(wh, 800, { name: 'Bo Lee' });
    const ann2 = await booked(wh, 1_900, { name: 'Ann Lee' });
    await addPayment(wh, { reservationId: ann2.reservationId, createdAt: at(2_000) });
    const all = await sets();
    const dup = all.find((s) => s.verdict === 'DUPLICATE')!;
    const legit = all.find((s) => s.verdict === 'LEGITIMATE')!;
    expect(all).toHaveLength(2);
    expect(dup.reservationIds).toEqual([ann1.reservationId, ann2.reservationId]);
    // The intended booking for Ann is the paid copy, as the planner will keep it.
    expect([...legit.reservationIds].sort()).toEqual([ann2.reservationId, bo.reservationId].sort());
  });
});

describe('set ids and quarantine', () => {
  it('gives the same set the same id on every run and keeps it when a copy arrives later', async () => {
    await booked(wh, 0);
    await booked(wh, 1_000);
    const first = (await sets())[0]!.setId;
    expect((await sets())[0]!.setId).toBe(first);
    await booked(wh, 2_000);
    const again = await sets();
    expect(again[0]!.setId).toBe(first);
    expect(again[0]!.reservationIds).toHaveLength(3);
  });

  it('quarantines rows it cannot judge, with the reason, and keeps going', async () => {
    await addReservation(wh, { id: 'bad-email', email: '  ', createdAt: at(0) });
    await addReservation(wh, {
      id: 'bad-dates',
      checkIn: '2027-02-18',
      checkOut: '2027-02-15',
      createdAt: at(0),
    });
    await addReservation(wh, { id: 'bad-status', status: 'ON_HOLD', createdAt: at(0) });
    await booked(wh, 0);
    await booked(wh, 1_000);
    const result = await runRules({ warehouse: wh, window });
    expect(result.quarantine).toEqual([
      { table: 'Reservation', rowId: 'bad-dates', reason: 'check-out not after check-in' },
      { table: 'Reservation', rowId: 'bad-email', reason: 'no guest email' },
      { table: 'Reservation', rowId: 'bad-status', reason: 'unknown status "ON_HOLD"' },
    ]);
    expect(result.sets).toHaveLength(1);
  });

  it('says so when tonight’s booking repeats an older one the source holds twice with different values', async () => {
    const older = await booked(wh, -30 * HOUR);
    await booked(wh, 0);
    await wh.exec("INSERT INTO source_conflict VALUES ('Reservation', $id, 2, $at::TIMESTAMPTZ)", {
      id: older.reservationId,
      at: at(-30 * HOUR),
    });
    const result = await runRules({ warehouse: wh, window });
    expect(result.sets).toEqual([]);
    expect(result.quarantine).toEqual([
      {
        table: 'Reservation',
        rowId: older.reservationId,
        reason: '2 different rows with this id in the source (a booking of this window repeats its stay)',
      },
    ]);
  });

  it('refuses a threshold name no rule declares', async () => {
    await expect(runRules({ warehouse: wh, window, thresholds: { max_retry_gap: 1 } })).rejects.toThrow(
      /unknown rule threshold "max_retry_gap"/,
    );
  });
});

describe('requests that aged out', () => {
  it('judges a booking made before a backfill’s window as before, and says so only once retention has let its requests go', async () => {
    // The first backfill read the requests from its window on; the earlier booking's never.
    const before = await addReservation(wh, { createdAt: at(-25 * HOUR) });
    await booked(wh, 0);
    await wh.exec("INSERT INTO log_horizon VALUES ($from::TIMESTAMPTZ - INTERVAL '15 minutes')", {
      from: window.from,
    });
    const [backfilled] = await sets();
    expect(backfilled!.evidence.map((e) => e.kind)).not.toContain('aged-out');
    // Retention has since let go of the requests before the window.
    await wh.exec('INSERT INTO log_retention VALUES ($from::TIMESTAMPTZ)', { from: window.from });
    const [aged] = await sets();
    expect(aged!.evidence.find((e) => e.kind === 'aged-out')?.detail).toContain(before);
  });
});
