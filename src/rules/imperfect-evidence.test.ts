import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addLock,
  addRecord,
  addRequest,
  addReservation,
  at,
  booked,
} from '../../test/support/booking-builder.ts';
import type { LabelledSet } from '../model/index.ts';
import { planSet } from '../reconcile/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { runRules } from './run-rules.ts';

// What production adds beyond the clean cases: bookings committed after the
// gateway gave up, timeouts in several attempts, gateway clocks that disagree with the
// database's, and a shared key that shows nothing more.

const HOUR = 3_600_000;
const window = { from: at(-24 * HOUR), to: at(24 * HOUR) };

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
});
afterEach(() => wh.close());

async function sets(): Promise<LabelledSet[]> {
  return [...(await runRules({ warehouse: wh, window })).sets];
}
async function onlySet(): Promise<LabelledSet> {
  const all = await sets();
  expect(all).toHaveLength(1);
  return all[0]!;
}
const details = (s: LabelledSet): string => s.evidence.map((e) => e.detail).join('\n');
const bulkApprovable = (s: LabelledSet): boolean =>
  planSet(s, { largeRefundAmount: '100000.00', largeRefundByCurrency: {}, minConfidence: 0.8 })
    .bulkApprovable;
const requestOf = (s: LabelledSet, reservationId: string): string | null =>
  s.members.find((m) => m.reservationId === reservationId)?.requestId ?? null;

/** A creating request the gateway cut at 29 s: 504 and no id. */
const timedOut = (id: string, ms: number, key: string | null = null) =>
  addRequest(wh, { id, at: at(ms), status: 504, durationMs: 29_000, error: 'upstream timeout', key });

describe('late commits: a booking made after the gateway gave up is still its request’s', () => {
  it('links it by the key it stores, though it came after the retry’s own booking, and labels the set TIMEOUT_RETRY', async () => {
    await timedOut('r-1', 0, 'k-a');
    // The backend committed 9 s after the gateway's 504, after the retry had made its own booking.
    const late = await addReservation(wh, { key: 'k-a', createdAt: at(38_000) });
    const retry = await booked(wh, 29_800, { key: 'k-b' });
    const set = await onlySet();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'TIMEOUT_RETRY', ruleId: 'timeout-retry' });
    expect(set.reservationIds).toEqual([retry.reservationId, late]);
    expect(requestOf(set, late)).toBe('r-1');
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(bulkApprovable(set)).toBe(true);
    expect(details(set)).toContain(
      `request r-1 from ios-app@3.2.1 ended with 504 (upstream timeout) after 29.0 s; reservation ${late} was committed 9.0 s after the gateway gave up (a late commit), after the retry's own booking ${retry.reservationId}`,
    );
    expect(details(set)).toContain(`reservation ${late} stores the request's Idempotency-Key k-a`);
    expect(details(set)).toContain(
      `${retry.requestId} came 800 ms after r-1, from the same client with a new Idempotency-Key`,
    );
  });

  it('links it by the IdempotencyRecord of the request’s key when the booking stores no key', async () => {
    await timedOut('r-1', 0, 'k-a');
    const late = await addReservation(wh, { createdAt: at(41_500) });
    await addRecord(wh, { key: 'k-a', reservationId: late, createdAt: at(41_500) });
    const retry = await booked(wh, 29_800, { key: 'k-b' });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY' });
    expect(requestOf(set, late)).toBe('r-1');
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set)).toContain(
      `reservation ${late} was committed 12.5 s after the gateway gave up (a late commit)`,
    );
    expect(details(set)).toContain(
      `the IdempotencyRecord of the request's key k-a names reservation ${late} as what the key produced`,
    );
    expect(details(set)).toContain(`${retry.requestId} came 800 ms after r-1`);
  });

  it('links it by the request’s own lock, released after the booking was made, when neither booking nor record keeps the key', async () => {
    await timedOut('r-1', 0, 'k-a');
    await addLock(wh, {
      key: 'k-a',
      requestId: 'r-1',
      acquired: true,
      createdAt: at(900),
      releasedAt: at(36_400),
    });
    const late = await addReservation(wh, { createdAt: at(36_000) });
    await booked(wh, 29_800, { key: 'k-b' });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY' });
    expect(requestOf(set, late)).toBe('r-1');
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set)).toContain(
      `reservation ${late} was committed 7.0 s after the gateway gave up (a late commit)`,
    );
    expect(details(set)).toContain(
      `the request's own IdempotencyLock on key k-a was released 400 ms after reservation ${late} was created`,
    );
  });

  it('keeps a key link when the gateway’s clock runs seconds ahead of the database’s', async () => {
    // The gateway logged the request 6 s after the database's clock saw the booking made.
    const booking = await addReservation(wh, { key: 'k-a', createdAt: at(-6_000) });
    await timedOut('r-1', 0, 'k-a');
    await booked(wh, 29_800, { key: 'k-b' });
    const set = await onlySet();
    expect(set.rootCause).toBe('TIMEOUT_RETRY');
    expect(requestOf(set, booking)).toBe('r-1');
    expect(details(set)).toContain(
      `reservation ${booking} was created 6.0 s before the request began by the gateway's log: a request cannot make a booking before it is sent, ` +
        "so the gateway host's clock ran ahead of the database's",
    );
  });

  it('links a keyless booking made seconds before its failed request’s logged start, the gateway host’s clock running ahead', async () => {
    const early = await addReservation(wh, { createdAt: at(1_000) });
    await timedOut('r-1', 5_000);
    await booked(wh, 34_800);
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY', ruleId: 'timeout-retry' });
    expect(requestOf(set, early)).toBe('r-1');
    expect(set.confidence).toBeGreaterThanOrEqual(0.8);
    expect(details(set)).toContain(
      `reservation ${early} was created 4.0 s before the request began by the gateway's log: a request cannot make a booking before it is sent, ` +
        "so the gateway host's clock ran ahead of the database's",
    );
    expect(details(set)).toContain(
      `no successful request names reservation ${early}; it was created for the same guest 4.0 s before the request's logged start`,
    );
  });

  it('keeps a retry that began seconds before the failed request’s logged end at full confidence: gateway clocks differ that much', async () => {
    // The cut-off request's host ran 4 s ahead: its logged end falls after the retry began.
    const first = await addReservation(wh, { key: 'k-a', createdAt: at(9_000) });
    await timedOut('r-1', 4_000, 'k-a');
    const retry = await booked(wh, 30_500, { key: 'k-b' });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY' });
    expect(requestOf(set, first)).toBe('r-1');
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set)).toContain(
      `${retry.requestId} came 2.5 s before r-1's logged end, within what two gateway hosts' clocks may disagree by, from the same client with a new Idempotency-Key`,
    );
  });

  it('links a keyless late commit by the guest’s email, the client that came back and the time, with lower confidence', async () => {
    await timedOut('r-1', 0);
    const late = await addReservation(wh, { createdAt: at(45_000) });
    const retry = await booked(wh, 29_800);
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY', ruleId: 'timeout-retry' });
    expect(requestOf(set, late)).toBe('r-1');
    expect(set.confidence).toBeGreaterThanOrEqual(0.8);
    expect(set.confidence).toBeLessThan(0.9);
    expect(details(set)).toContain(
      `reservation ${late} was committed 16.0 s after the gateway gave up (a late commit), after the retry's own booking ${retry.reservationId}`,
    );
    expect(details(set)).toContain(
      `no successful request names reservation ${late}; it was created for the same guest 16.0 s after the request ended`,
    );
    expect(details(set)).toContain(
      'ios-app@3.2.1 came back for the guest afterwards: linked by email, client and time',
    );
  });

  it('does not link a keyless late booking to a failed request whose client never came back', async () => {
    await addRequest(wh, {
      id: 'r-web',
      at: at(0),
      status: 504,
      durationMs: 29_000,
      clientId: 'web@2026.11.2',
      error: 'upstream timeout',
    });
    const unlogged = await addReservation(wh, { createdAt: at(45_000) });
    await booked(wh, 29_800);
    const set = await onlySet();
    expect(requestOf(set, unlogged)).toBeNull();
    expect(set.rootCause).not.toBe('TIMEOUT_RETRY');
  });

  it('does not link a keyless booking made past the commit horizon after the request ended', async () => {
    await timedOut('r-1', 0);
    await booked(wh, 29_800);
    // Five minutes after the gateway gave up: longer than any backend keeps going.
    const tooLate = await addReservation(wh, { createdAt: at(29_000 + 5 * 60_000) });
    const set = await onlySet();
    expect(requestOf(set, tooLate)).toBeNull();
    expect(set.members.some((m) => m.requestId === 'r-1')).toBe(false);
  });

  it('never gives a failed request a booking that a successful request names', async () => {
    // The first attempt failed fast and made nothing; the copy is a keyless re-send.
    await addRequest(wh, {
      id: 'r-0',
      at: at(-2_000),
      status: 503,
      durationMs: 300,
      error: 'upstream error',
    });
    const a = await booked(wh, 0);
    const b = await booked(wh, 1_400);
    const set = await onlySet();
    expect(set.rootCause).toBe('NO_KEY');
    expect(set.members.map((m) => m.requestId)).toEqual([a.requestId, b.requestId]);
  });

  it('gives one request one booking: the nearest, the other stays unlinked', async () => {
    await timedOut('r-1', 0);
    const first = await addReservation(wh, { createdAt: at(8_000) });
    const second = await addReservation(wh, { createdAt: at(31_500) });
    await booked(wh, 29_800);
    const set = await onlySet();
    expect(requestOf(set, first)).toBe('r-1');
    expect(requestOf(set, second)).toBeNull();
  });
});

describe('timeouts in several attempts', () => {
  it('names every attempt when a client minting a key per attempt timed out twice before it succeeded', async () => {
    await timedOut('r-1', 0, 'k-1');
    // The first attempt's booking was committed 3 s after its 504, while the second attempt ran.
    const late = await addReservation(wh, { key: 'k-1', createdAt: at(32_000) });
    await timedOut('r-2', 30_000, 'k-2');
    const ok = await booked(wh, 60_000, { key: 'k-3' });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY', ruleId: 'timeout-retry' });
    expect(set.reservationIds).toEqual([late, ok.reservationId]);
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set)).toContain(
      `reservation ${late} was committed 3.0 s after the gateway gave up (a late commit)`,
    );
    expect(details(set)).toContain(
      `3 attempts, 2 of them without an answer: r-1 504 (upstream timeout) after 29.0 s with key k-1, made ${late}; ` +
        `r-2 504 (upstream timeout) after 29.0 s with key k-2, made no booking of this set; ` +
        `${ok.requestId} 201 after 180 ms with key k-3, made ${ok.reservationId}; the first attempt's timeout is the cause`,
    );
  });

  it('labels three keyless attempts that each made a booking TIMEOUT_RETRY from the first one', async () => {
    await timedOut('r-1', 0);
    const first = await addReservation(wh, { createdAt: at(20_000) });
    await timedOut('r-2', 30_000);
    const second = await addReservation(wh, { createdAt: at(51_000) });
    const ok = await booked(wh, 60_000);
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'TIMEOUT_RETRY' });
    expect(set.members.map((m) => m.requestId)).toEqual(['r-1', 'r-2', ok.requestId]);
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set)).toContain(
      `request r-1 from ios-app@3.2.1 ended with 504 (upstream timeout) after 29.0 s; reservation ${first} was created 20.0 s into it`,
    );
    expect(details(set)).toContain('3 attempts, 2 of them without an answer');
    expect(details(set)).toContain(`r-2 504 (upstream timeout) after 29.0 s without a key, made ${second}`);
  });
});

describe('clocks that disagree: the database’s records decide', () => {
  /** Two requests with one key whose gateway rows, from two hosts, are 3.2 s apart; the bookings 200 ms apart. */
  async function racedOnTwoHosts(): Promise<{ a: string; b: string; ra: string; rb: string }> {
    const ra = await addReservation(wh, { key: 'k-c', createdAt: at(250) });
    const rb = await addReservation(wh, { key: 'k-c', createdAt: at(450) });
    const a = await addRequest(wh, { at: at(0), durationMs: 400, key: 'k-c', reservationId: ra });
    const b = await addRequest(wh, { at: at(3_600), durationMs: 300, key: 'k-c', reservationId: rb });
    return { a, b, ra, rb };
  }

  it('labels a race RACE when the gateway log shows no overlap but the lock rows do, and says which clock decided', async () => {
    const { a, b } = await racedOnTwoHosts();
    await addLock(wh, { key: 'k-c', requestId: a, acquired: true, createdAt: at(20), releasedAt: at(390) });
    await addLock(wh, { key: 'k-c', requestId: b, acquired: false, createdAt: at(140) });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'RACE', ruleId: 'race' });
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(bulkApprovable(set)).toBe(true);
    expect(set.evidence).toContainEqual({
      kind: 'clock',
      detail:
        `the gateway log shows ${b} beginning 3.2 s after ${a} ended, not overlapping; ` +
        `the database's IdempotencyLock rows show that ${b} tried to take the lock on k-c 120 ms after ${a} took it, ` +
        "while it was held, and failed: the database's clock decides",
    });
  });

  it('labels it RACE when the later booking’s request is logged by a host behind, ending before the first began', async () => {
    const ra = await addReservation(wh, { key: 'k-e', createdAt: at(250) });
    const rb = await addReservation(wh, { key: 'k-e', createdAt: at(450) });
    const a = await addRequest(wh, { at: at(0), durationMs: 400, key: 'k-e', reservationId: ra });
    const b = await addRequest(wh, { at: at(-3_500), durationMs: 300, key: 'k-e', reservationId: rb });
    await addLock(wh, { key: 'k-e', requestId: a, acquired: true, createdAt: at(20), releasedAt: at(390) });
    await addLock(wh, { key: 'k-e', requestId: b, acquired: false, createdAt: at(140) });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'RACE', ruleId: 'race' });
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(details(set)).toContain(
      `the gateway log shows ${b} ending 3.2 s before ${a} began, not overlapping; the database's IdempotencyLock rows show`,
    );
  });

  it('labels it RACE from the IdempotencyRecord’s attempts when no lock row was written', async () => {
    const { ra } = await racedOnTwoHosts();
    await addRecord(wh, { key: 'k-c', reservationId: ra, attempts: 2, createdAt: at(250) });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'RACE', ruleId: 'race' });
    expect(set.confidence).toBeGreaterThanOrEqual(0.8);
    expect(details(set)).toContain(
      "the database's IdempotencyRecord for key k-c counts 2 attempts and its bookings were created 200 ms apart: the database's clock decides",
    );
  });

  it('doubts an overlap the gateway log shows when the lock rows show one request after the other', async () => {
    const a = await booked(wh, 0, { key: 'k-d', durationMs: 900 });
    const b = await booked(wh, 300, { key: 'k-d', durationMs: 400 });
    await addLock(wh, {
      key: 'k-d',
      requestId: a.requestId,
      acquired: true,
      createdAt: at(10),
      releasedAt: at(100),
    });
    await addLock(wh, {
      key: 'k-d',
      requestId: b.requestId,
      acquired: true,
      createdAt: at(320),
      releasedAt: at(690),
    });
    const set = await onlySet();
    expect(set.rootCause).toBe('RACE');
    expect(set.doubt).toContain("the database's lock rows say");
    expect(set.confidence).toBeLessThan(0.8);
    expect(bulkApprovable(set)).toBe(false);
    expect(details(set)).toContain(
      `${b.requestId} acquiring the lock on k-d 220 ms after ${a.requestId} released it: by the database's clock one ran after the other`,
    );
  });
});

describe('no label without its own evidence', () => {
  it('doubts a shared key with nothing else: no log, no lock, no record', async () => {
    const a = await addReservation(wh, { key: 'k-s', createdAt: at(0) });
    const b = await addReservation(wh, { key: 'k-s', createdAt: at(300) });
    const set = await onlySet();
    expect(set.rootCause).toBe('RACE');
    expect(set.confidence).toBeLessThan(0.8);
    expect(set.doubt).toContain(
      `reservations ${a} and ${b} share Idempotency-Key k-s, but nothing shows two requests running at once`,
    );
    expect(bulkApprovable(set)).toBe(false);
  });

  it('doubts a shared key with one request in the log and one lock row', async () => {
    const a = await booked(wh, 0, { key: 'k-s' });
    await addReservation(wh, { key: 'k-s', createdAt: at(600) });
    await addLock(wh, {
      key: 'k-s',
      requestId: a.requestId,
      acquired: true,
      createdAt: at(10),
      releasedAt: at(200),
    });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'RACE', ruleId: 'race-unlogged' });
    expect(set.confidence).toBeLessThan(0.8);
    expect(set.doubt).toContain(
      'the gateway log has one request, 1 lock row(s), none failed or taken while another was held',
    );
    expect(details(set)).toContain(`the gateway log has only one of the two requests (${a.requestId})`);
    expect(bulkApprovable(set)).toBe(false);
  });

  it('calls two logged requests with one key that neither clock shows concurrent UNKNOWN, not a race', async () => {
    await booked(wh, 0, { key: 'k-u', durationMs: 300 });
    await booked(wh, 5_000, { key: 'k-u', durationMs: 300 });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'UNKNOWN', ruleId: null });
    expect(set.confidence).toBeLessThan(0.5);
    expect(bulkApprovable(set)).toBe(false);
  });

  it('keeps a race without gateway rows at high confidence when the lock rows show the second attempt during the first hold', async () => {
    await addReservation(wh, { key: 'k-r', createdAt: at(0) });
    await addReservation(wh, { key: 'k-r', createdAt: at(220) });
    await addLock(wh, { key: 'k-r', requestId: 'x1', acquired: true, createdAt: at(-5), releasedAt: at(40) });
    await addLock(wh, { key: 'k-r', requestId: 'x2', acquired: false, createdAt: at(15) });
    const set = await onlySet();
    expect(set).toMatchObject({ rootCause: 'RACE', ruleId: 'race-unlogged' });
    expect(set.confidence).toBeGreaterThanOrEqual(0.9);
    expect(set.doubt).toBeUndefined();
    expect(details(set)).toContain(
      "the database's IdempotencyLock rows show that x2 tried to take the lock on k-r 20 ms after x1 took it, while it was held, and failed",
    );
  });
});

describe('a CDN in front of the gateway', () => {
  it('takes a 524 after 100 s for a timeout like a 504, and counts it in the client’s ceiling', async () => {
    await addRequest(wh, {
      id: 'r-cdn',
      at: at(0),
      status: 524,
      durationMs: 100_000,
      error: 'a timeout occurred',
    });
    const made = await addReservation(wh, { createdAt: at(40_000) });
    await booked(wh, 104_000);
    const set = await onlySet();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'TIMEOUT_RETRY' });
    expect(requestOf(set, made)).toBe('r-cdn');
    expect(details(set)).toContain('ended with 524 (a timeout occurred) after 100.0 s');
    expect(details(set)).toMatch(/last 100\.0 s at the median \(1 seen\)/);
  });
});
