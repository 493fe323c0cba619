/**
 * Turns the rules' per-bucket verdicts into the sets of docs/contracts.md section 3: one DUPLICATE
 * set per intended booking that has copies, and one LEGITIMATE set of the intended bookings of
 * a group where several were booked on purpose (different occupants).
 */
import {
  chooseKeep,
  type Evidence,
  formatTimestamp,
  type GroupKey,
  guestAddress,
  type LabelledSet,
  type PaymentView,
  type RootCause,
  type SetMember,
  type Verdict,
} from '../model/index.ts';
import type { OccupantDoubt } from './occupant.ts';
import { setIdFor } from './set-id.ts';

/** How run-rules hands assembleSets the doubt about one group's guest (occupant.ts). */
export const occupantDoubtKey = (groupId: string, occupant: string): string => `${groupId}|${occupant}`;

export interface MemberRow {
  readonly id: string;
  readonly group_id: string;
  readonly bucket_id: string;
  readonly occupant: string;
  readonly email_key: string;
  readonly confirmation_number: string | null;
  readonly guest_email: string;
  readonly guest_name: string | null;
  readonly property_id: string;
  readonly room_type_id: string;
  readonly check_in: string;
  readonly check_out: string;
  readonly rate_amount: string | null;
  readonly currency: string | null;
  readonly status: string;
  readonly idempotency_key: string | null;
  readonly created_at: string;
  readonly request_id: string | null;
  readonly client_id: string | null;
  readonly correlation_id: string | null;
  readonly link_method: string | null;
  /** The booking's price for its stay in its currency (members.sql); null when the rate is. */
  readonly stay_price: string | null;
}

export interface PaymentRow {
  readonly id: string;
  readonly reservation_id: string;
  readonly status: string | null;
  readonly amount: string | null;
  readonly refunded_amount: string | null;
  readonly currency: string | null;
  readonly created_at: string;
  /** Different rows the source holds with this id, when more than one (source_conflict). */
  readonly source_copies: number | null;
}

export interface RuleMatch {
  readonly ruleId: string;
  /** LEGITIMATE: the bucket's bookings were all made on purpose (rooms bought together). */
  readonly verdict: Verdict;
  /** null for a LEGITIMATE match. */
  readonly cause: RootCause | null;
  /** Why the evidence cannot decide between copies and rooms booked on purpose, if it cannot. */
  readonly doubt: string | null;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
}

/** The evidence kind of a set judged without some of its members' requests. */
export const AGED_OUT_KIND = 'aged-out';

/** A member whose creating request retention let go and was not found again (aged-out.sql). */
export interface AgedOutMember {
  readonly reservationId: string;
  /** The booking's creation, ISO-8601. */
  readonly createdAt: string;
}

/** The members of each bucket whose requests aged out, and since when the requests are held. */
export interface AgedOut {
  /** ISO-8601: the requests before it were let go (logs-let-go.sql). */
  readonly logsFrom: string;
  readonly byBucket: ReadonlyMap<string, readonly AgedOutMember[]>;
}

/**
 * What a set whose members' requests have aged out says: which requests are gone and why, and
 * that its cause rests on the bookings alone. Without the requests (their session, their
 * timing) rooms booked together in one checkout look like copies, so the set is also doubted.
 */
function agedOutEvidence(
  members: readonly AgedOutMember[],
  logsFrom: string,
  logDays: number | undefined,
): { evidence: Evidence; doubt: string } {
  const kept = logDays === undefined ? '' : ` (warehouse.retention.logDays = ${logDays})`;
  const whose = members.map((m) => `${m.reservationId} (created ${formatTimestamp(m.createdAt)})`).join(', ');
  const one = members.length === 1;
  return {
    evidence: {
      kind: AGED_OUT_KIND,
      detail:
        `The gateway's requests before ${formatTimestamp(logsFrom)} are no longer kept${kept}, ` +
        `and ${one ? 'those' : 'the requests'} of ${whose} could not be read again from the source: ` +
        `${one ? 'its' : 'their'} cause rests on the bookings alone.`,
    },
    doubt:
      `the creating request${one ? '' : 's'} of ${members.map((m) => m.reservationId).join(', ')} ` +
      `${one ? 'is' : 'are'} no longer kept, so neither ${one ? 'its' : 'their'} timing nor ${one ? 'its' : 'their'} session ` +
      'can show copies apart from rooms booked together',
  };
}

interface Enriched {
  readonly row: MemberRow;
  readonly member: SetMember;
}

/** Code-point order: ids and ISO instants need no locale, and ICU collation is slow at scale. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const round2 = (x: number): number => Math.round(x * 100) / 100;

function toMember(row: MemberRow, payments: readonly PaymentView[]): SetMember {
  return {
    reservationId: row.id,
    confirmationNumber: row.confirmation_number ?? '',
    // The one place a guest's address enters the model from the warehouse: every report,
    // CSV, console page and the booking API's notification see it trimmed.
    guestEmail: guestAddress(row.guest_email),
    guestName: row.guest_name,
    propertyId: row.property_id,
    roomTypeId: row.room_type_id,
    checkIn: row.check_in,
    checkOut: row.check_out,
    rateAmount: row.rate_amount,
    currency: row.currency,
    stayPrice: row.stay_price,
    status: row.status,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    payments,
    requestId: row.request_id,
    clientId: row.client_id,
  };
}

function distinctClients(members: readonly SetMember[]): string[] {
  return [...new Set(members.map((m) => m.clientId).filter((c): c is string => c !== null))].sort();
}

function unknownEvidence(bucket: readonly Enriched[]): Evidence[] {
  const linked = bucket.filter((e) => e.row.request_id !== null).length;
  if (linked === 0) {
    return [
      {
        kind: 'no-logs',
        detail: `no gateway log row was found for the creating requests of ${bucket.map((e) => e.row.id).join(', ')}: the cause cannot be judged`,
      },
    ];
  }
  return [
    {
      kind: 'no-rule-matched',
      detail: `${linked} of ${bucket.length} creating requests were found, but their keys and timing fit no known cause`,
    },
  ];
}

function legitimateEvidence(reps: readonly Enriched[]): Evidence[] {
  const names = reps.map((e) => e.row.guest_name ?? '(no name)');
  const evidence: Evidence[] = [
    {
      kind: 'distinct-occupants',
      detail: `${reps.length} bookings of the same room type and dates for different occupants (${names.join(', ')})`,
    },
  ];
  const correlations = new Set(reps.map((e) => e.row.correlation_id).filter(Boolean));
  if (correlations.size === 1 && reps.every((e) => e.row.correlation_id)) {
    evidence.push({
      kind: 'one-checkout',
      detail: `all were created in one checkout (correlation id ${[...correlations][0]})`,
    });
  }
  return evidence;
}

export interface AssembleInput {
  readonly members: readonly MemberRow[];
  readonly payments: readonly PaymentRow[];
  readonly matches: ReadonlyMap<string, RuleMatch>;
  /** Guests whose names only an initial or a missing part separates, by occupantDoubtKey. */
  readonly occupantDoubts?: ReadonlyMap<string, OccupantDoubt>;
  /** Why a bucket no rule matched may be rooms booked on purpose, by bucket id. */
  readonly unexplainedDoubts?: ReadonlyMap<string, string>;
  /** Members whose creating requests have aged out of the warehouse and the source. */
  readonly agedOut?: AgedOut;
  /** Days the warehouse keeps the gateway's requests, named in the aged-out evidence. */
  readonly logDays?: number;
  readonly window: { readonly from: string; readonly to: string };
}

export function assembleSets(input: AssembleInput): LabelledSet[] {
  const paymentsByReservation = new Map<string, PaymentView[]>();
  for (const p of input.payments) {
    const list = paymentsByReservation.get(p.reservation_id) ?? [];
    list.push({
      paymentId: p.id,
      reservationId: p.reservation_id,
      status: p.status,
      amount: p.amount,
      refundedAmount: p.refunded_amount,
      currency: p.currency,
      createdAt: p.created_at,
      ...(p.source_copies === null ? {} : { sourceCopies: p.source_copies }),
    });
    paymentsByReservation.set(p.reservation_id, list);
  }
  const from = Date.parse(input.window.from);
  const to = Date.parse(input.window.to);
  const inWindow = (e: Enriched): boolean => {
    const t = Date.parse(e.row.created_at);
    return t >= from && t < to;
  };

  const groups = new Map<string, Map<string, Enriched[]>>();
  for (const row of input.members) {
    const buckets = groups.get(row.group_id) ?? new Map<string, Enriched[]>();
    const bucket = buckets.get(row.bucket_id) ?? [];
    bucket.push({ row, member: toMember(row, paymentsByReservation.get(row.id) ?? []) });
    buckets.set(row.bucket_id, bucket);
    groups.set(row.group_id, buckets);
  }

  const sets: LabelledSet[] = [];
  for (const buckets of groups.values()) {
    const first = [...buckets.values()][0]![0]!.row;
    const key: GroupKey = {
      email: first.email_key,
      checkIn: first.check_in,
      checkOut: first.check_out,
      roomTypeId: first.room_type_id,
    };
    const representatives: Enriched[] = [];
    const onPurpose: RuleMatch[] = [];
    for (const [bucketId, bucket] of buckets) {
      const match = input.matches.get(bucketId);
      if (match?.verdict === 'LEGITIMATE') {
        // Rooms bought together under one name: every booking of the bucket was intended.
        representatives.push(...bucket);
        onPurpose.push(match);
        continue;
      }
      const keep = chooseKeep(bucket.map((e) => e.member));
      representatives.push(bucket.find((e) => e.member === keep)!);
      if (bucket.length < 2 || !bucket.some(inWindow)) continue;
      const members = bucket.map((e) => e.member);
      const namesMissing = bucket[0]!.row.occupant === '';
      const evidence: Evidence[] = match ? [...match.evidence] : unknownEvidence(bucket);
      // A doubt is told in the evidence too, so whoever reads the set sees why it needs a person.
      const ruleDoubt = match ? match.doubt : (input.unexplainedDoubts?.get(bucketId) ?? null);
      if (ruleDoubt) evidence.push({ kind: 'doubt', detail: ruleDoubt });
      const names = input.occupantDoubts?.get(
        occupantDoubtKey(bucket[0]!.row.group_id, bucket[0]!.row.occupant),
      );
      if (names) {
        evidence.push({
          kind: 'initials',
          detail: `${names.detail}: one guest written two ways, or two guests; a person should check with the guest or property before anything is cancelled or refunded`,
        });
      }
      const gone = input.agedOut?.byBucket.get(bucketId);
      const aged =
        gone && gone.length > 0 ? agedOutEvidence(gone, input.agedOut!.logsFrom, input.logDays) : null;
      if (aged) evidence.push(aged.evidence);
      const doubt = [
        ruleDoubt,
        names && `the names alone cannot tell one guest from two: ${names.detail}`,
        aged?.doubt,
      ]
        .filter(Boolean)
        .join('; also, ');
      let confidence = match ? match.confidence : bucket.some((e) => e.row.request_id) ? 0.4 : 0.3;
      // A judgement made without some of the requests is worth less than one made with them all.
      if (aged) confidence *= 0.8;
      if (namesMissing) {
        confidence *= 0.8;
        evidence.push({
          kind: 'no-occupant-names',
          detail:
            'the reservations carry no occupant names, so rooms booked on purpose cannot be told apart by name',
        });
      }
      sets.push({
        setId: setIdFor('DUPLICATE', key, bucket[0]!.row.id),
        key,
        reservationIds: members.map((m) => m.reservationId),
        members,
        verdict: 'DUPLICATE',
        rootCause: match?.cause ?? 'UNKNOWN',
        confidence: round2(confidence),
        evidence,
        ruleId: match ? match.ruleId : null,
        clients: distinctClients(members),
        ...(doubt ? { doubt } : {}),
      });
    }
    if (representatives.length >= 2 && representatives.some(inWindow)) {
      representatives.sort(
        (a, b) => byText(a.row.created_at, b.row.created_at) || byText(a.row.id, b.row.id),
      );
      const members = representatives.map((e) => e.member);
      sets.push({
        setId: setIdFor('LEGITIMATE', key, representatives[0]!.row.id),
        key,
        reservationIds: members.map((m) => m.reservationId),
        members,
        verdict: 'LEGITIMATE',
        rootCause: null,
        confidence:
          onPurpose.length > 0
            ? round2(Math.min(...onPurpose.map((m) => m.confidence)))
            : representatives.some((e) => e.row.occupant === '')
              ? 0.6
              : 0.95,
        evidence: [
          ...onPurpose.flatMap((m) => m.evidence),
          ...(new Set(representatives.map((e) => e.row.bucket_id)).size > 1
            ? legitimateEvidence(representatives)
            : []),
        ],
        ruleId: onPurpose[0]?.ruleId ?? null,
        clients: distinctClients(members),
      });
    }
  }
  return sets.sort((a, b) => byText(a.setId, b.setId));
}
