/**
 * A realistic night, built the way a run builds it: a fixed list of labelled sets (the four
 * causes, an UNKNOWN set, a look-alike, four currencies, a large refund, voids, a transfer,
 * approved and rejected plans) with the clients' nights of its trend period, planned by the real
 * planner, ranked by the real ranking and assembled by the real report builder. Tests and the screenshot script render it, so they check what a run produces.
 */

import { rankClients } from '../../src/feedback/index.ts';
import {
  type ClientNight,
  type Evidence,
  fromMinor,
  type LabelledSet,
  type PaymentView,
  type PlanStatus,
  type RootCause,
  type RunReport,
  type SetMember,
  toMinor,
} from '../../src/model/index.ts';
import { planSet } from '../../src/reconcile/index.ts';
import type { RunHistoryEntry } from '../../src/reports/index.ts';
import { buildReport, trendPeriod } from '../../src/reports/index.ts';
import { setIdFor } from '../../src/rules/index.ts';
import type { SavedPlan } from '../../src/state/index.ts';
import { samplePrecision } from './sample-precision.ts';

export const SAMPLE_OPTIONS = {
  largeRefundAmount: '1000.00',
  largeRefundByCurrency: { JPY: '150000.00' },
  burstPerHour: 5,
  minConfidence: 0.8,
} as const;

interface MemberSpec {
  readonly id: string;
  readonly at: string;
  readonly rate: string;
  readonly currency: string;
  readonly key?: string;
  readonly client?: string;
  /** Payment id, status and what was already refunded. */
  readonly payment?: readonly [string, string, string?];
}

interface SetSpec {
  readonly cause: RootCause | null;
  readonly confidence: number;
  readonly guest: readonly [email: string, name: string | null];
  readonly stay: readonly [property: string, roomType: string, checkIn: string, checkOut: string];
  readonly ruleId: string | null;
  readonly members: readonly MemberSpec[];
  readonly evidence: readonly Evidence[];
  readonly status?: PlanStatus;
  /** The approver kept this reservation instead of the rule's choice. */
  readonly keep?: string;
  readonly doubt?: string;
}

function member(spec: MemberSpec, set: SetSpec): SetMember {
  const [guestEmail, guestName] = set.guest;
  const [propertyId, roomTypeId, checkIn, checkOut] = set.stay;
  const [paymentId, status, refunded] = spec.payment ?? [];
  const payments: PaymentView[] = paymentId
    ? [
        {
          paymentId,
          reservationId: spec.id,
          status: status!,
          amount: spec.rate,
          refundedAmount: refunded ?? '0.00',
          currency: spec.currency,
          createdAt: spec.at,
        },
      ]
    : [];
  return {
    reservationId: spec.id,
    confirmationNumber: `CNF-${spec.id.slice(-6).toUpperCase()}`,
    guestEmail,
    guestName,
    propertyId,
    roomTypeId,
    checkIn,
    checkOut,
    rateAmount: spec.rate,
    currency: spec.currency,
    status: 'CONFIRMED',
    idempotencyKey: spec.key ?? null,
    createdAt: spec.at,
    payments,
    requestId: `req_${spec.id.slice(-6)}`,
    clientId: spec.client ?? null,
  };
}

export function labelledSet(spec: SetSpec): LabelledSet {
  const members = spec.members.map((m) => member(m, spec));
  const key = {
    email: spec.guest[0].trim().toLowerCase(),
    checkIn: spec.stay[2],
    checkOut: spec.stay[3],
    roomTypeId: spec.stay[1],
  };
  const verdict = spec.cause ? 'DUPLICATE' : 'LEGITIMATE';
  return {
    setId: setIdFor(verdict, key, members[0]!.reservationId),
    key,
    reservationIds: members.map((m) => m.reservationId).sort(),
    members,
    verdict,
    rootCause: spec.cause,
    confidence: spec.confidence,
    evidence: spec.evidence,
    ruleId: spec.ruleId,
    clients: [...new Set(members.map((m) => m.clientId).filter((c): c is string => c !== null))],
    ...(spec.doubt ? { doubt: spec.doubt } : {}),
  };
}

const SPECS: readonly SetSpec[] = [
  {
    cause: 'NO_KEY',
    confidence: 0.96,
    guest: ['jana.novakova@example.com', 'Jana Nováková'],
    stay: ['prop_lisbon_baixa', 'rt_double_city', '2026-12-18', '2026-12-21'],
    ruleId: 'no-key',
    members: [
      {
        id: 'res_8c1e2a',
        at: '2026-11-26T14:02:11.204518Z',
        rate: '360.00',
        currency: 'EUR',
        client: 'ios-app@3.2.1',
        payment: ['pay_51aa02', 'CAPTURED'],
      },
      {
        id: 'res_8c1e3f',
        at: '2026-11-26T14:02:12.931004Z',
        rate: '360.00',
        currency: 'EUR',
        client: 'ios-app@3.2.1',
        payment: ['pay_51aa17', 'CAPTURED'],
      },
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Both POST /api/v1/reservations requests carried no Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'The second request came 1.7 s after the first, from ios-app@3.2.1.' },
    ],
  },
  {
    cause: 'TIMEOUT_RETRY',
    confidence: 0.91,
    guest: ['m.schneider@example.de', 'Markus Schneider & Söhne'],
    stay: ['prop_berlin_mitte', 'rt_king_superior', '2027-01-09', '2027-01-11'],
    ruleId: 'timeout-retry',
    members: [
      {
        id: 'res_b4410c',
        at: '2026-11-26T19:40:05.118220Z',
        rate: '245.50',
        currency: 'EUR',
        key: 'idem_4f1c',
        client: 'web@2026.11.3',
        payment: ['pay_7710aa', 'CAPTURED'],
      },
      {
        id: 'res_b44188',
        at: '2026-11-26T19:40:37.502911Z',
        rate: '245.50',
        currency: 'EUR',
        key: 'idem_9e02',
        client: 'web@2026.11.3',
        payment: ['pay_7710c3', 'CAPTURED'],
      },
      {
        id: 'res_b441f0',
        at: '2026-11-26T19:41:09.871300Z',
        rate: '245.50',
        currency: 'EUR',
        key: 'idem_a771',
        client: 'web@2026.11.3',
        payment: ['pay_7710e9', 'AUTHORIZED'],
      },
    ],
    evidence: [
      {
        kind: 'gateway-timeout',
        detail: 'Request req_b4410c ended with 504 after 30,012 ms; res_b4410c was created 2.3 s into it.',
      },
      {
        kind: 'retry-after-timeout',
        detail: 'web@2026.11.3 retried 32.4 s and 64.8 s after the first request, each with a new key.',
      },
    ],
  },
  {
    cause: 'RACE',
    confidence: 0.88,
    guest: ['a.oconnor@example.com', "Siobhán O'Connor"],
    stay: ['prop_nyc_midtown', 'rt_suite_park', '2026-12-30', '2027-01-03'],
    ruleId: 'race',
    members: [
      {
        id: 'res_d0912a',
        at: '2026-11-26T22:15:03.000412Z',
        rate: '1480.00',
        currency: 'USD',
        key: 'idem_77c2',
        client: 'android-app@5.0.0',
        payment: ['pay_c0ff01', 'CAPTURED'],
      },
      {
        id: 'res_d0912b',
        at: '2026-11-26T22:15:03.009981Z',
        rate: '1480.00',
        currency: 'USD',
        key: 'idem_77c2',
        client: 'android-app@5.0.0',
        payment: ['pay_c0ff02', 'CAPTURED'],
      },
    ],
    evidence: [
      { kind: 'shared-key', detail: 'Key idem_77c2 produced two reservations, 9.6 ms apart.' },
      { kind: 'lock-failed', detail: 'IdempotencyLock row 88412 for idem_77c2 has acquired = false.' },
    ],
  },
  {
    cause: 'MISSING_DEDUP',
    confidence: 0.84,
    guest: ['bookings@northwind-travel.co.uk', 'Priya Raman'],
    stay: ['prop_london_kx', 'rt_twin_standard', '2026-12-05', '2026-12-07'],
    ruleId: 'missing-dedup',
    status: 'APPROVED',
    members: [
      {
        id: 'res_e7a001',
        at: '2026-11-26T08:12:44.510000Z',
        rate: '198.00',
        currency: 'GBP',
        key: 'cm-evt-55102',
        client: 'channel-manager@siteminder',
        payment: ['pay_9b3301', 'CAPTURED'],
      },
      {
        id: 'res_e7a0c9',
        at: '2026-11-26T11:47:02.774310Z',
        rate: '198.00',
        currency: 'GBP',
        key: 'cm-evt-55317',
        client: 'channel-manager@siteminder',
        payment: ['pay_9b3377', 'CAPTURED'],
      },
    ],
    evidence: [
      {
        kind: 'same-booking-new-key',
        detail: 'Identical dates, room type and rate under keys cm-evt-55102 and cm-evt-55317.',
      },
      {
        kind: 'spacing',
        detail: 'Submitted 3 h 34 min apart: too far apart for a retry, a re-delivered event.',
      },
    ],
  },
  {
    cause: 'UNKNOWN',
    confidence: 0.55,
    guest: ['kenji.sato@example.jp', 'Kenji Sato'],
    stay: ['prop_tokyo_ginza', 'rt_double_deluxe', '2027-02-14', '2027-02-16'],
    ruleId: null,
    members: [
      {
        id: 'res_f1c220',
        at: '2026-11-26T03:30:19.220000Z',
        rate: '38400.00',
        currency: 'JPY',
        payment: ['pay_aa0901', 'PARTIALLY_REFUNDED', '20000.00'],
      },
      {
        id: 'res_f1c2d4',
        at: '2026-11-26T03:31:02.004000Z',
        rate: '38400.00',
        currency: 'JPY',
        payment: ['pay_aa0955', 'CAPTURED'],
      },
    ],
    evidence: [
      {
        kind: 'no-request',
        detail: 'No gateway log row links to either reservation; the cause cannot be told.',
      },
      { kind: 'partial-refund', detail: 'pay_aa0901 was already refunded JPY 20,000.00 by hand.' },
    ],
  },
  {
    cause: 'NO_KEY',
    confidence: 0.94,
    guest: ['t.mueller@example.ch', 'Thomas Müller'],
    stay: ['prop_zurich_hb', 'rt_single_classic', '2026-12-02', '2026-12-03'],
    ruleId: 'no-key',
    doubt:
      "the 2 keyless requests came back to back in one session (correlation id ios-7f21): a client library re-sending looks like this, and so does a checkout of 2 rooms under the booker's name; no log tells the two apart",
    members: [
      {
        id: 'res_c7d101',
        at: '2026-11-26T07:55:40.019114Z',
        rate: '189.00',
        currency: 'CHF',
        client: 'ios-app@3.2.1',
        payment: ['pay_e21b40', 'CAPTURED'],
      },
      {
        id: 'res_c7d12e',
        at: '2026-11-26T07:55:41.260735Z',
        rate: '189.00',
        currency: 'CHF',
        client: 'ios-app@3.2.1',
        payment: ['pay_e21b6d', 'AUTHORIZED'],
      },
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Neither request carried an Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'The second request came 1.2 s after the first, a library retry.' },
    ],
  },
  {
    cause: 'NO_KEY',
    confidence: 0.92,
    guest: ['lucia.ferri@example.it', 'Lucia Ferri'],
    stay: ['prop_lisbon_baixa', 'rt_double_city', '2027-03-12', '2027-03-15'],
    ruleId: 'no-key',
    status: 'REJECTED',
    members: [
      {
        id: 'res_9a0e11',
        at: '2026-11-26T21:08:13.640200Z',
        rate: '402.00',
        currency: 'EUR',
        client: 'ios-app@3.2.1',
        payment: ['pay_b8c010', 'CAPTURED'],
      },
      {
        id: 'res_9a0e5c',
        at: '2026-11-26T21:08:31.977413Z',
        rate: '402.00',
        currency: 'EUR',
        client: 'ios-app@3.2.1',
        payment: ['pay_b8c04a', 'CAPTURED'],
      },
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Both requests carried no Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'Re-submitted 18.3 s later: a second tap on "Book now".' },
    ],
  },
  {
    cause: 'NO_KEY',
    confidence: 0.9,
    guest: ['h.virtanen@example.fi', 'Helmi Virtanen'],
    stay: ['prop_helsinki_kamppi', 'rt_double_nordic', '2027-01-20', '2027-01-23'],
    ruleId: 'no-key',
    status: 'APPROVED',
    keep: 'res_h0a001',
    members: [
      {
        id: 'res_h0a001',
        at: '2026-11-26T16:20:00.118000Z',
        rate: '289.00',
        currency: 'EUR',
        client: 'web@2026.11.3',
      },
      {
        id: 'res_h0a0f7',
        at: '2026-11-26T16:20:31.400000Z',
        rate: '289.00',
        currency: 'EUR',
        client: 'web@2026.11.3',
        payment: ['pay_d41a07', 'CAPTURED'],
      },
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Neither request carried an Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'Re-submitted 31.3 s later from the same browser session.' },
    ],
  },
  {
    cause: null,
    confidence: 0.93,
    guest: ['events@contoso-group.com', 'Contoso offsite'],
    stay: ['prop_lisbon_baixa', 'rt_double_city', '2026-12-10', '2026-12-12'],
    ruleId: null,
    members: [
      {
        id: 'res_aa1001',
        at: '2026-11-26T10:00:01.000000Z',
        rate: '310.00',
        currency: 'EUR',
        key: 'grp-771-a',
        client: 'web@2026.11.3',
      },
      {
        id: 'res_aa1002',
        at: '2026-11-26T10:00:01.004000Z',
        rate: '310.00',
        currency: 'EUR',
        key: 'grp-771-b',
        client: 'web@2026.11.3',
      },
    ],
    evidence: [{ kind: 'distinct-occupants', detail: 'The two rooms are booked for different guests.' }],
  },
];

/** The set with every member's guest name replaced: the name a report shows for the set. */
export function withGuestName(set: LabelledSet, guestName: string | null): LabelledSet {
  return { ...set, members: set.members.map((m) => ({ ...m, guestName })) };
}

const SPEC_BY_SET = new Map(SPECS.map((spec) => [labelledSet(spec).setId, spec]));
const specOf = (set: LabelledSet): SetSpec | undefined => SPEC_BY_SET.get(set.setId);

/** The sample night's sets, in a fixed order. */
export function sampleSets(): LabelledSet[] {
  return SPECS.map(labelledSet);
}

/** Plans for the DUPLICATE sets, with the statuses the sample gives them (PROPOSED unless said). */
export function samplePlans(
  sets: readonly LabelledSet[],
  statusOf: (set: LabelledSet, index: number) => PlanStatus | undefined = (s) => specOf(s)?.status,
): Map<string, SavedPlan> {
  const plans = new Map<string, SavedPlan>();
  sets.forEach((set, i) => {
    if (set.verdict !== 'DUPLICATE') return;
    const keep = specOf(set)?.keep;
    const plan = planSet(set, { ...SAMPLE_OPTIONS, ...(keep ? { keepReservationId: keep } : {}) });
    plans.set(set.setId, {
      plan,
      status: statusOf(set, i) ?? 'PROPOSED',
      isNew: true,
      supersededPlanId: null,
    });
  });
  return plans;
}

const SAMPLE_RUN_ID = '20261127T030000Z-5a3c1e';
const SAMPLE_WINDOW = { from: '2026-11-26T03:00:00.000Z', to: '2026-11-27T03:00:00.000Z' };

/** A client's nights in the sample: its cause mix and what a copy of it puts at stake. */
interface SampleClient {
  readonly clientId: string;
  readonly bookings: number;
  /** Copies on night i (0 the oldest, 29 the sample run's own). */
  readonly copies: (i: number) => number;
  readonly byCause: (copies: number, i: number) => ClientNight['byCause'];
  /** Per copy, in one currency each. */
  readonly stake: readonly { readonly currency: string; readonly amount: string }[];
}

const SAMPLE_CLIENTS: readonly SampleClient[] = [
  {
    // The release that stopped sending keys: two bad nights, then every night.
    clientId: 'ios-app@3.2.1',
    bookings: 620,
    copies: (i) => (i >= 10 ? (i === 10 || i === 11 ? 7 : 2 + (i % 3)) : 0),
    byCause: (n) => ({ NO_KEY: n - Math.floor(n / 4), TIMEOUT_RETRY: Math.floor(n / 4) }),
    stake: [{ currency: 'EUR', amount: '189.00' }],
  },
  {
    clientId: 'ios-app@3.2.0',
    bookings: 410,
    copies: (i) => (i < 10 && i % 3 === 0 ? 1 : 0),
    byCause: (n) => ({ NO_KEY: n }),
    stake: [{ currency: 'EUR', amount: '164.50' }],
  },
  {
    clientId: 'web@2026.11.3',
    bookings: 980,
    copies: (i) => (i % 2 === 0 ? 1 : 0) + (i === 29 ? 1 : 0),
    byCause: (n) => ({ TIMEOUT_RETRY: n }),
    stake: [{ currency: 'GBP', amount: '212.00' }],
  },
  {
    clientId: 'channel-manager@siteminder',
    bookings: 260,
    copies: (i) => (i % 4 === 1 ? 2 : 0),
    byCause: (n) => ({ MISSING_DEDUP: n }),
    stake: [{ currency: 'JPY', amount: '38400.00' }],
  },
  {
    clientId: 'android-app@5.0.0',
    bookings: 300,
    copies: (i) => (i % 4 === 3 ? 1 : 0),
    byCause: (n, i) => (i % 8 === 3 ? { RACE: n } : { UNKNOWN: n }),
    stake: [{ currency: 'CHF', amount: '240.00' }],
  },
  {
    // A long id breaks inside its cell on a phone rather than widen the table.
    clientId: 'concierge-desk-integration-for-a-partner-with-a-very-long-name@2026.11.27-build.4471',
    bookings: 40,
    copies: (i) => (i === 20 ? 1 : 0),
    byCause: (n) => ({ UNKNOWN: n }),
    stake: [],
  },
  {
    clientId: 'steady-partner@1.4.0',
    bookings: 150,
    copies: () => 0,
    byCause: () => ({}),
    stake: [],
  },
];

/**
 * The clients' nights the state store would hold for the sample's trend period: the 29 earlier
 * nightly runs of sampleHistory and the sample run's own window, one night each.
 */
export function sampleNights(sets: readonly LabelledSet[] = sampleSets()): ClientNight[] {
  const windows = [...sampleHistory().map((h) => h.window), SAMPLE_WINDOW];
  return windows.flatMap((window, i) =>
    SAMPLE_CLIENTS.map((c) => {
      const copies = c.copies(i);
      // Tonight's examples are the sample's own sets of that client; earlier nights' are made up.
      const own = sets.filter((s) => s.verdict === 'DUPLICATE' && s.clients.includes(c.clientId));
      const exampleSetIds =
        copies === 0
          ? []
          : i === windows.length - 1 && own.length > 0
            ? own.slice(0, 3).map((s) => s.setId)
            : [
                `dup_${window.to.slice(0, 10).replaceAll('-', '')}${c.clientId.replace(/\W/g, '').slice(0, 4)}${i}`,
              ];
      return {
        ...window,
        clientId: c.clientId,
        bookings: c.bookings + ((i * 7) % 23),
        copies,
        byCause: copies === 0 ? {} : c.byCause(copies, i),
        atStake:
          copies === 0
            ? []
            : c.stake.map((t) => ({
                currency: t.currency,
                amount: fromMinor(toMinor(t.amount) * BigInt(copies)),
                count: copies,
              })),
        exampleSetIds,
      };
    }),
  );
}

/** The sample run through the real report builder; pass other sets or statuses for a variant. */
export function sampleReport(
  sets: readonly LabelledSet[] = sampleSets(),
  plans: ReadonlyMap<string, SavedPlan> = samplePlans(sets),
): RunReport {
  const period = trendPeriod({ runId: SAMPLE_RUN_ID, window: SAMPLE_WINDOW }, sampleHistory());
  return buildReport({
    runId: SAMPLE_RUN_ID,
    window: SAMPLE_WINDOW,
    fixFirst: rankClients(sampleNights(sets), period),
    generatedAt: '2026-11-27T03:04:12.418Z',
    source: 'postgresql://db.internal:5432/booking',
    demo: false,
    sets,
    plans,
    burstPerHour: SAMPLE_OPTIONS.burstPerHour,
    conformance: {
      createRequests: 5236,
      withoutKey: 1184,
      replays: 97,
      conflicts409: 3,
      mismatches422: 1,
      timeouts: 41,
      byClient: [
        { clientId: 'ios-app@3.2.1', requests: 1710, withoutKey: 1102, timeouts: 6 },
        { clientId: 'web@2026.11.3', requests: 2215, withoutKey: 0, timeouts: 29 },
        { clientId: 'android-app@5.0.0', requests: 904, withoutKey: 82, timeouts: 4 },
        { clientId: 'channel-manager@siteminder', requests: 407, withoutKey: 0, timeouts: 2 },
      ],
    },
    quarantine: [
      { table: 'Reservation', rowId: 'res_0bad01', reason: 'unknown currency' },
      { table: 'Reservation', rowId: 'res_0bad02', reason: 'unknown currency' },
      { table: 'Reservation', rowId: 'res_0bad77', reason: 'checkOut before checkIn' },
    ],
    reservationsScanned: 4812,
    timings: { extract: 12_204, rules: 1_430, reconcile: 96, render: 0 },
    changes: {
      previousRunId: '20261126T030000Z-0b91fe',
      newSetIds: sets.map((s) => s.setId),
      superseded: [
        {
          planId: 'plan-1d84b6e2aa01c3f4e5d6',
          setId: 'dup_1d84b6e2aa01c3f4e5d6',
          byPlanId: 'plan-1d84b6e2bb02d4e5f6a7',
        },
      ],
      executed: [
        {
          planId: 'plan-0e71aa90b3c4d5e6f708',
          setId: 'dup_0e71aa90b3c4d5e6f708',
          executedAt: '2026-11-26T09:12:40.551002Z',
          refunded: [{ currency: 'EUR', amount: '412.00', count: 1 }],
          voided: [],
        },
      ],
    },
    precision: samplePrecision(),
  });
}

/** 29 earlier nightly runs with a plausible cause mix (deterministic), oldest first. */
export function sampleHistory(): RunHistoryEntry[] {
  let seed = 20261127;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor(seed / 65536) % (n + 1);
  };
  const out: RunHistoryEntry[] = [];
  for (let i = 29; i >= 1; i--) {
    const day = new Date(Date.UTC(2026, 10, 27 - i, 3));
    const from = new Date(day.getTime() - 86_400_000).toISOString();
    // Two nights of a client release without keys: the spike the trend should show.
    const spike = i === 19 || i === 18 ? 6 : 0;
    const byRootCause = {
      NO_KEY: 1 + next(4) + spike,
      TIMEOUT_RETRY: next(2),
      RACE: next(5) === 0 ? 1 : 0,
      MISSING_DEDUP: next(2) === 0 ? 1 : 0,
      UNKNOWN: next(6) === 0 ? 1 : 0,
    };
    out.push({
      runId: `${day.toISOString().slice(0, 10).replaceAll('-', '')}T030000Z-${i.toString(16).padStart(6, '0')}`,
      window: { from, to: day.toISOString() },
      finishedAt: new Date(day.getTime() + 250_000).toISOString(),
      byRootCause,
      duplicateSets: Object.values(byRootCause).reduce((a, b) => a + b, 0),
    });
  }
  return out;
}
