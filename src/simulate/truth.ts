/**
 * The labels: what the simulator did on purpose. Duplicate sets with their root cause, the
 * reservation to keep under docs/contracts.md section 3's rule (the shared chooseKeep), the refunds
 * and voids a correct plan would make, the look-alike groups that must stay untouched, and the
 * malformed rows a reconciliation must set aside rather than judge.
 */
import { chooseKeep, isActiveReservation, type PaymentView } from '../model/index.ts';
import { type PaymentTruth, stayAmountMinor } from './charges.ts';
import type { Cause } from './dup-causes.ts';
import type { DuplicateVariant } from './realities.ts';
import type { Created } from './requests.ts';
import { normalise } from './stay.ts';
import { isoMicros } from './time.ts';
import { decimal, type Stay } from './world.ts';

export type LookAlikeKind =
  | 'MULTI_ROOM'
  | 'AGENT'
  | 'CANCEL_REBOOK'
  | 'MODIFICATION'
  | 'ONE_NAME_KEYED'
  | 'ONE_NAME_KEYLESS'
  | 'SHARED_INITIAL';
export const CAUSES: readonly Cause[] = ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'];
export const LOOK_ALIKE_KINDS: readonly LookAlikeKind[] = [
  'MULTI_ROOM',
  'AGENT',
  'CANCEL_REBOOK',
  'MODIFICATION',
  'ONE_NAME_KEYED',
  'ONE_NAME_KEYLESS',
  'SHARED_INITIAL',
];
/** How a one-name checkout was paid: one payment for the cart, or one per room. */
export type PaymentKind = 'cart' | 'per-room';

/** The one thing wrong with a malformed row (the rules quarantine it with a matching reason). */
export type Defect = 'BLANK_EMAIL' | 'DATES_REVERSED' | 'UNKNOWN_STATUS';
export const DEFECTS: readonly Defect[] = ['BLANK_EMAIL', 'DATES_REVERSED', 'UNKNOWN_STATUS'];

export interface MalformedTruth {
  readonly id: string;
  readonly defect: Defect;
}

export interface TruthMember {
  readonly created: Created;
  readonly payments: readonly PaymentTruth[];
}

export interface DuplicateSetTruth {
  readonly setNo: number;
  readonly cause: Cause;
  readonly variant: DuplicateVariant;
  /** The active members, in order of creation. */
  readonly members: readonly TruthMember[];
  readonly keepId: string;
  readonly clientId: string;
  readonly email: string;
  readonly stay: Stay;
  /** Arrival of every creating request, timed-out ones included. */
  readonly requestTs: readonly number[];
  readonly groupNo: number | null;
  /** Nothing the rules can read settles the set: a person has to look (truth-schema.sql). */
  readonly undecidable: boolean;
}

export interface LookAlikeTruth {
  readonly groupNo: number;
  readonly kind: LookAlikeKind;
  readonly ids: readonly string[];
  readonly email: string;
  /** One-name checkouts only; null for the other kinds. */
  readonly paymentKind: PaymentKind | null;
  /**
   * No log tells it from a re-sent request: a keyless one-name checkout with one charge per
   * room, or two guests sharing an address and an initial (SHARED_INITIAL).
   */
  readonly indistinguishable: boolean;
}

function view(p: PaymentTruth): PaymentView {
  return {
    paymentId: p.paymentId,
    reservationId: p.reservationId,
    status: p.status,
    amount: decimal(p.amountMinor),
    refundedAmount: decimal(p.refundedMinor),
    currency: p.currency,
    createdAt: isoMicros(p.createdAt),
  };
}

export class Truth {
  readonly sets: DuplicateSetTruth[] = [];
  readonly groups: LookAlikeTruth[] = [];
  readonly malformed: MalformedTruth[] = [];
  private groupNos = 0;

  /**
   * Records a duplicate set; returns the id to keep. A set is what stands when the history ends:
   * a member support cancelled is no longer in it, and what is left must still be a set.
   */
  addSet(
    cause: Cause,
    clientId: string,
    stay: Stay,
    members: readonly TruthMember[],
    requestTs: readonly number[],
    groupNo: number | null = null,
    variant: DuplicateVariant = 'clean',
    undecidable = false,
  ): string {
    const active = members.filter((m) => isActiveReservation(m.created.status));
    if (active.length < 2)
      throw new Error(`simulator bug: a duplicate set with ${active.length} active reservation(s)`);
    const keep = chooseKeep(
      active.map((m) => ({
        reservationId: m.created.id,
        createdAt: isoMicros(m.created.createdAt),
        payments: m.payments.map(view),
        currency: stay.property.currency,
        stayPrice: decimal(stayAmountMinor(stay)),
      })),
    );
    this.sets.push({
      setNo: this.sets.length + 1,
      cause,
      variant,
      members: active,
      keepId: keep.reservationId,
      clientId,
      email: normalise(stay.guestEmail),
      stay,
      requestTs,
      groupNo,
      undecidable,
    });
    return keep.reservationId;
  }

  addMalformed(id: string, defect: Defect): void {
    this.malformed.push({ id, defect });
  }

  reserveGroupNo(): number {
    return ++this.groupNos;
  }

  addGroup(
    kind: LookAlikeKind,
    ids: readonly string[],
    email: string,
    groupNo = this.reserveGroupNo(),
    paymentKind: PaymentKind | null = null,
    indistinguishable = false,
  ): void {
    this.groups.push({ groupNo, kind, ids, email: normalise(email), paymentKind, indistinguishable });
  }
}
