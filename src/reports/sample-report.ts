/**
 * A realistic run, built by hand: the four causes, an UNKNOWN set, a look-alike, three
 * currencies, a flagged large refund, a void, a transfer and an already approved plan. Tests and
 * the screenshot script render it; totals are derived from the sets so they cannot disagree.
 */
import {
  type Evidence,
  type PlanFlag,
  type ReportSet,
  ROOT_CAUSES,
  type RootCause,
  type RunReport,
  totalsByCurrency,
} from '../model/index.ts';

type Member = ReportSet['members'][number];
type SetPlan = NonNullable<ReportSet['plan']>;

function member(
  id: string,
  createdAt: string,
  rate: string,
  currency: string,
  opts: { key?: string | null; client?: string | null; payment?: [string, string, string?] } = {},
): Member {
  const [paymentId, status, refunded] = opts.payment ?? [];
  return {
    reservationId: id,
    confirmationNumber: `CNF-${id.slice(-6).toUpperCase()}`,
    createdAt,
    status: 'CONFIRMED',
    rateAmount: rate,
    currency,
    idempotencyKey: opts.key ?? null,
    requestId: `req_${id.slice(-6)}`,
    clientId: opts.client ?? null,
    payments: paymentId
      ? [{ paymentId, status: status!, amount: rate, refundedAmount: refunded ?? '0.00', currency }]
      : [],
  };
}

interface SetSpec {
  setId: string;
  rootCause: RootCause | null;
  confidence: number;
  guest: [email: string, name: string | null];
  stay: [property: string, roomType: string, checkIn: string, checkOut: string];
  ruleId: string | null;
  members: Member[];
  evidence: Evidence[];
  plan?: Omit<SetPlan, 'keepReservationId' | 'notifyGuest' | 'cancel'> & { cancel: string[] };
}

function set(spec: SetSpec): ReportSet {
  const [guestEmail, guestName] = spec.guest;
  const [propertyId, roomTypeId, checkIn, checkOut] = spec.stay;
  const keep = spec.members[0]!.reservationId;
  return {
    setId: spec.setId,
    reservationIds: spec.members.map((m) => m.reservationId),
    verdict: spec.rootCause ? 'DUPLICATE' : 'LEGITIMATE',
    rootCause: spec.rootCause,
    confidence: spec.confidence,
    evidence: spec.evidence,
    plan: spec.plan
      ? {
          ...spec.plan,
          keepReservationId: keep,
          notifyGuest: guestEmail,
          cancel: spec.plan.cancel.map((reservationId) => ({ reservationId, reason: 'DUPLICATE' as const })),
        }
      : null,
    guestEmail,
    guestName,
    propertyId,
    roomTypeId,
    checkIn,
    checkOut,
    ruleId: spec.ruleId,
    clients: [...new Set(spec.members.map((m) => m.clientId).filter((c): c is string => c !== null))],
    members: spec.members,
  };
}

const none: readonly PlanFlag[] = [];
const basePlan = { voids: [], transfers: [], flags: none, bulkApprovable: true, status: 'PROPOSED' };

const SETS: readonly ReportSet[] = [
  set({
    setId: 'set_3f9a1c20',
    rootCause: 'NO_KEY',
    confidence: 0.96,
    guest: ['jana.novakova@example.com', 'Jana Nováková'],
    stay: ['prop_lisbon_baixa', 'rt_double_city', '2026-12-18', '2026-12-21'],
    ruleId: 'no-key-retry',
    members: [
      member('res_8c1e2a', '2026-11-26T14:02:11.204518Z', '360.00', 'EUR', {
        client: 'ios-app@3.2.1',
        payment: ['pay_51aa02', 'CAPTURED'],
      }),
      member('res_8c1e3f', '2026-11-26T14:02:12.931004Z', '360.00', 'EUR', {
        client: 'ios-app@3.2.1',
        payment: ['pay_51aa17', 'CAPTURED'],
      }),
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Both POST /api/v1/reservations requests carried no Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'The second request came 1.7 s after the first, from ios-app@3.2.1.' },
      {
        kind: 'no-timeout',
        detail: 'The first request returned 201 in 412 ms; no timeout preceded the retry.',
      },
    ],
    plan: {
      ...basePlan,
      planId: 'plan_3f9a1c20_1',
      cancel: ['res_8c1e3f'],
      refunds: [{ paymentId: 'pay_51aa17', reservationId: 'res_8c1e3f', amount: '360.00', currency: 'EUR' }],
      releasedRoomNights: 3,
    },
  }),
  set({
    setId: 'set_7b20de41',
    rootCause: 'TIMEOUT_RETRY',
    confidence: 0.91,
    guest: ['m.schneider@example.de', 'Markus Schneider & Söhne'],
    stay: ['prop_berlin_mitte', 'rt_king_superior', '2027-01-09', '2027-01-11'],
    ruleId: 'timeout-retry',
    members: [
      member('res_b4410c', '2026-11-26T19:40:05.118220Z', '245.50', 'EUR', {
        key: 'idem_4f1c',
        client: 'web@2026.11.3',
        payment: ['pay_7710aa', 'CAPTURED'],
      }),
      member('res_b44188', '2026-11-26T19:40:37.502911Z', '245.50', 'EUR', {
        key: 'idem_9e02',
        client: 'web@2026.11.3',
        payment: ['pay_7710c3', 'CAPTURED'],
      }),
      member('res_b441f0', '2026-11-26T19:41:09.871300Z', '245.50', 'EUR', {
        key: 'idem_a771',
        client: 'web@2026.11.3',
        payment: ['pay_7710e9', 'AUTHORIZED'],
      }),
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
    plan: {
      ...basePlan,
      planId: 'plan_7b20de41_1',
      cancel: ['res_b44188', 'res_b441f0'],
      refunds: [{ paymentId: 'pay_7710c3', reservationId: 'res_b44188', amount: '245.50', currency: 'EUR' }],
      voids: [{ paymentId: 'pay_7710e9', reservationId: 'res_b441f0', amount: '245.50', currency: 'EUR' }],
      releasedRoomNights: 4,
    },
  }),
  set({
    setId: 'set_c51e0f77',
    rootCause: 'RACE',
    confidence: 0.88,
    guest: ['a.oconnor@example.com', "Siobhán O'Connor"],
    stay: ['prop_nyc_midtown', 'rt_suite_park', '2026-12-30', '2027-01-03'],
    ruleId: 'race-same-key',
    members: [
      member('res_d0912a', '2026-11-26T22:15:03.000412Z', '1480.00', 'USD', {
        key: 'idem_77c2',
        client: 'android-app@5.0.0',
        payment: ['pay_c0ff01', 'CAPTURED'],
      }),
      member('res_d0912b', '2026-11-26T22:15:03.009981Z', '1480.00', 'USD', {
        key: 'idem_77c2',
        client: 'android-app@5.0.0',
        payment: ['pay_c0ff02', 'CAPTURED'],
      }),
    ],
    evidence: [
      { kind: 'shared-key', detail: 'Key idem_77c2 produced two reservations, 9.6 ms apart.' },
      {
        kind: 'request-overlap',
        detail: 'The second request began 4 ms before the first one ended; no 409 was sent.',
      },
      { kind: 'lock-failed', detail: 'IdempotencyLock row 88412 for idem_77c2 has acquired = false.' },
    ],
    plan: {
      ...basePlan,
      planId: 'plan_c51e0f77_1',
      cancel: ['res_d0912b'],
      refunds: [{ paymentId: 'pay_c0ff02', reservationId: 'res_d0912b', amount: '1480.00', currency: 'USD' }],
      releasedRoomNights: 4,
      flags: [
        { code: 'LARGE_REFUND', detail: 'Refund of USD 1,480.00 is above the USD 1,000.00 threshold.' },
      ],
      bulkApprovable: false,
    },
  }),
  set({
    setId: 'set_1d84b6e2',
    rootCause: 'MISSING_DEDUP',
    confidence: 0.84,
    guest: ['bookings@northwind-travel.co.uk', 'Priya Raman'],
    stay: ['prop_london_kx', 'rt_twin_standard', '2026-12-05', '2026-12-07'],
    ruleId: 'missing-dedup',
    members: [
      member('res_e7a001', '2026-11-26T08:12:44.510000Z', '198.00', 'GBP', {
        key: 'cm-evt-55102',
        client: 'channel-manager@siteminder',
        payment: ['pay_9b3301', 'CAPTURED'],
      }),
      member('res_e7a0c9', '2026-11-26T11:47:02.774310Z', '198.00', 'GBP', {
        key: 'cm-evt-55317',
        client: 'channel-manager@siteminder',
        payment: ['pay_9b3377', 'CAPTURED'],
      }),
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
    plan: {
      ...basePlan,
      planId: 'plan_1d84b6e2_1',
      cancel: ['res_e7a0c9'],
      refunds: [{ paymentId: 'pay_9b3377', reservationId: 'res_e7a0c9', amount: '198.00', currency: 'GBP' }],
      releasedRoomNights: 2,
      status: 'APPROVED',
    },
  }),
  set({
    setId: 'set_90ab33c1',
    rootCause: 'UNKNOWN',
    confidence: 0.55,
    guest: ['kenji.sato@example.jp', 'Kenji Sato'],
    stay: ['prop_tokyo_ginza', 'rt_double_deluxe', '2027-02-14', '2027-02-16'],
    ruleId: null,
    members: [
      member('res_f1c220', '2026-11-26T03:30:19.220000Z', '38400.00', 'JPY', {
        payment: ['pay_aa0901', 'PARTIALLY_REFUNDED', '20000.00'],
      }),
      member('res_f1c2d4', '2026-11-26T03:31:02.004000Z', '38400.00', 'JPY', {
        payment: ['pay_aa0955', 'CAPTURED'],
      }),
    ],
    evidence: [
      {
        kind: 'no-request',
        detail: 'No gateway log row links to either reservation; the cause cannot be told.',
      },
      { kind: 'partial-refund', detail: 'pay_aa0901 was already refunded JPY 20,000.00 by hand.' },
    ],
    plan: {
      ...basePlan,
      planId: 'plan_90ab33c1_1',
      cancel: ['res_f1c2d4'],
      refunds: [
        { paymentId: 'pay_aa0955', reservationId: 'res_f1c2d4', amount: '20000.00', currency: 'JPY' },
      ],
      transfers: [
        {
          paymentId: 'pay_aa0955',
          fromReservationId: 'res_f1c2d4',
          toReservationId: 'res_f1c220',
          amount: '18400.00',
          currency: 'JPY',
        },
      ],
      releasedRoomNights: 2,
      flags: [
        { code: 'UNKNOWN_CAUSE', detail: 'No rule could explain this set; check it by hand.' },
        { code: 'LOW_CONFIDENCE', detail: 'Confidence 0.55 is below the 0.80 threshold.' },
      ],
      bulkApprovable: false,
    },
  }),
  set({
    setId: 'set_5e2d9b07',
    rootCause: 'NO_KEY',
    confidence: 0.94,
    guest: ['t.mueller@example.ch', 'Thomas Müller'],
    stay: ['prop_zurich_hb', 'rt_single_classic', '2026-12-02', '2026-12-03'],
    ruleId: 'no-key-retry',
    members: [
      member('res_c7d101', '2026-11-26T07:55:40.019114Z', '189.00', 'CHF', {
        client: 'ios-app@3.2.1',
        payment: ['pay_e21b40', 'CAPTURED'],
      }),
      member('res_c7d12e', '2026-11-26T07:55:41.260735Z', '189.00', 'CHF', {
        client: 'ios-app@3.2.1',
        payment: ['pay_e21b6d', 'AUTHORIZED'],
      }),
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Neither request carried an Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'The second request came 1.2 s after the first, a library retry.' },
    ],
    plan: {
      ...basePlan,
      planId: 'plan_5e2d9b07_1',
      cancel: ['res_c7d12e'],
      refunds: [],
      voids: [{ paymentId: 'pay_e21b6d', reservationId: 'res_c7d12e', amount: '189.00', currency: 'CHF' }],
      releasedRoomNights: 1,
    },
  }),
  set({
    setId: 'set_a0c4f318',
    rootCause: 'NO_KEY',
    confidence: 0.92,
    guest: ['lucia.ferri@example.it', 'Lucia Ferri'],
    stay: ['prop_lisbon_baixa', 'rt_double_city', '2027-03-12', '2027-03-15'],
    ruleId: 'no-key-retry',
    members: [
      member('res_9a0e11', '2026-11-26T21:08:13.640200Z', '402.00', 'EUR', {
        client: 'ios-app@3.2.1',
        payment: ['pay_b8c010', 'CAPTURED'],
      }),
      member('res_9a0e5c', '2026-11-26T21:08:31.977413Z', '402.00', 'EUR', {
        client: 'ios-app@3.2.1',
        payment: ['pay_b8c04a', 'CAPTURED'],
      }),
    ],
    evidence: [
      { kind: 'missing-key', detail: 'Both requests carried no Idempotency-Key.' },
      { kind: 'retry-gap', detail: 'Re-submitted 18.3 s later: a second tap on "Book now".' },
    ],
    plan: {
      ...basePlan,
      planId: 'plan_a0c4f318_1',
      cancel: ['res_9a0e5c'],
      refunds: [{ paymentId: 'pay_b8c04a', reservationId: 'res_9a0e5c', amount: '402.00', currency: 'EUR' }],
      releasedRoomNights: 3,
    },
  }),
  set({
    setId: 'set_44e8a0b5',
    rootCause: null,
    confidence: 0.93,
    guest: ['events@contoso-group.com', 'Contoso offsite'],
    stay: ['prop_lisbon_baixa', 'rt_double_city', '2026-12-10', '2026-12-12'],
    ruleId: 'multi-room',
    members: [
      member('res_aa1001', '2026-11-26T10:00:01.000000Z', '310.00', 'EUR', {
        key: 'grp-771-a',
        client: 'web@2026.11.3',
      }),
      member('res_aa1002', '2026-11-26T10:00:01.004000Z', '310.00', 'EUR', {
        key: 'grp-771-b',
        client: 'web@2026.11.3',
      }),
    ],
    evidence: [
      {
        kind: 'multi-room',
        detail: 'One request with quantity 2 created both rooms; different guest names.',
      },
    ],
  }),
];

function totals(sets: readonly ReportSet[]): RunReport['totals'] {
  const byRootCause = Object.fromEntries(ROOT_CAUSES.map((c) => [c, 0])) as Record<RootCause, number>;
  for (const s of sets) if (s.rootCause) byRootCause[s.rootCause] += 1;
  const plans = sets.flatMap((s) => (s.plan ? [s.plan] : []));
  return {
    byRootCause,
    refunds: totalsByCurrency(plans.flatMap((p) => p.refunds)),
    voids: totalsByCurrency(plans.flatMap((p) => p.voids)),
    transfers: totalsByCurrency(plans.flatMap((p) => p.transfers)),
    duplicateSets: sets.filter((s) => s.verdict === 'DUPLICATE').length,
    legitimateSets: sets.filter((s) => s.verdict === 'LEGITIMATE').length,
    reservationsScanned: 4812,
  };
}

/** The sample run; pass other sets to derive a variant whose totals still add up. */
export function sampleReport(sets: readonly ReportSet[] = SETS): RunReport {
  const clients = new Map<
    string,
    { clientId: string; rootCause: RootCause; sets: number; endpoint: string }
  >();
  for (const s of sets) {
    if (!s.rootCause) continue;
    for (const clientId of s.clients) {
      const k = `${clientId}\u0000${s.rootCause}`;
      const row = clients.get(k) ?? {
        clientId,
        rootCause: s.rootCause,
        sets: 0,
        endpoint: '/api/v1/reservations',
      };
      row.sets += 1;
      clients.set(k, row);
    }
  }
  return {
    runId: 'run_20261127_0300',
    window: { from: '2026-11-26T03:00:00.000000Z', to: '2026-11-27T03:00:00.000000Z' },
    generatedAt: '2026-11-27T03:04:12.418220Z',
    source: 'postgresql://db.internal:5432/booking',
    sets,
    totals: totals(sets),
    clientsByCause: [...clients.values()],
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
    quarantine: {
      count: 3,
      byReason: [
        { reason: 'unknown currency', count: 2 },
        { reason: 'checkOut before checkIn', count: 1 },
      ],
      sample: [
        { table: 'Reservation', rowId: 'res_0bad01', reason: 'unknown currency' },
        { table: 'Reservation', rowId: 'res_0bad02', reason: 'unknown currency' },
        { table: 'Reservation', rowId: 'res_0bad77', reason: 'checkOut before checkIn' },
      ],
    },
    timings: { extract: 12_204, detect: 1_018, classify: 412, plan: 96, report: 0 },
    changes: {
      previousRunId: 'run_20261126_0300',
      newSetIds: [
        'set_3f9a1c20',
        'set_7b20de41',
        'set_c51e0f77',
        'set_90ab33c1',
        'set_5e2d9b07',
        'set_a0c4f318',
      ],
      superseded: [{ planId: 'plan_1d84b6e2_0', setId: 'set_1d84b6e2', byPlanId: 'plan_1d84b6e2_1' }],
      executed: [
        {
          planId: 'plan_0e71aa90_1',
          setId: 'set_0e71aa90',
          executedAt: '2026-11-26T09:12:40.551002Z',
          refunded: [{ currency: 'EUR', amount: '412.00', count: 1 }],
          voided: [],
        },
        {
          planId: 'plan_62bd0c13_1',
          setId: 'set_62bd0c13',
          executedAt: '2026-11-26T09:13:02.100873Z',
          refunded: [{ currency: 'USD', amount: '229.00', count: 1 }],
          voided: [{ currency: 'USD', amount: '229.00', count: 1 }],
        },
      ],
    },
  };
}
