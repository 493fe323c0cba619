import { describe, expect, it } from 'vitest';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { PermissionError, StateError } from '../errors/index.ts';
import { awaitedDecision, type PlanStatus, type PlanWithStatus } from '../model/index.ts';
import { planSet } from '../reconcile/index.ts';
import type { Role, User } from '../state/index.ts';
import { deciderRefusal } from './decider-refusal.ts';

const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:25.000000Z';

const user = (username: string, role: Role): User => ({ username, role, createdAt: T0 });
const largePlan = planSet(
  makeSet([
    makeMember('g1', T0, [{ paymentId: 'pg1', amount: '3120.00' }]),
    makeMember('g2', T1, [{ paymentId: 'pg2', amount: '3120.00' }]),
  ]),
  OPTIONS,
);
const smallPlan = planSet(
  makeSet([makeMember('s1', T0, [{ paymentId: 'ps1' }]), makeMember('s2', T1, [{ paymentId: 'ps2' }])]),
  OPTIONS,
);
const at = (status: PlanStatus, approvedBy?: string[], plan = largePlan): PlanWithStatus => ({
  plan,
  status,
  ...(approvedBy ? { approvedBy } : {}),
});

describe('who may decide a plan', () => {
  it('refuses a name that is no user, and a viewer, naming the roles that may decide', () => {
    const unknown = deciderRefusal('nobody', null, at('PROPOSED'), 'approve');
    expect(unknown).toBeInstanceOf(PermissionError);
    expect(unknown?.message).toMatch(/nobody is not a resrecon user: .*approver or finance role/);
    const viewer = deciderRefusal('vera', user('vera', 'viewer'), at('PROPOSED'), 'reject');
    expect(viewer).toEqual(expect.objectContaining({ role: 'approver' }));
    expect(viewer?.message).toMatch(/vera has the viewer role, which may not decide plans/);
  });

  it('lets an approver or finance give a first approval or reject', () => {
    for (const role of ['approver', 'finance'] as const) {
      expect(deciderRefusal('x', user('x', role), at('PROPOSED'), 'approve')).toBeNull();
      expect(deciderRefusal('x', user('x', role), at('PROPOSED'), 'reject')).toBeNull();
    }
  });

  it('gives the second approval of a refund past the limit to finance only, and never to the first approver', () => {
    const waiting = at('APPROVED', ['ana']);
    expect(awaitedDecision(waiting)).toBe('SECOND_APPROVAL');
    const approver = deciderRefusal('bo', user('bo', 'approver'), waiting, 'approve');
    expect(approver).toEqual(expect.objectContaining({ name: 'PermissionError', role: 'finance' }));
    expect(approver?.message).toMatch(/needs the finance role; bo has the approver role/);
    const again = deciderRefusal('fay', user('fay', 'finance'), at('APPROVED', ['fay']), 'approve');
    expect(again?.message).toMatch(/already approved by fay: .*another person with the finance role/);
    expect(deciderRefusal('fay', user('fay', 'finance'), waiting, 'approve')).toBeNull();
  });

  it('refuses another approval of a plan that waits for none', () => {
    const both = deciderRefusal('fay', user('fay', 'finance'), at('APPROVED', ['ana', 'fay']), 'approve');
    expect(both).toBeInstanceOf(StateError);
    const small = at('APPROVED', ['ana'], smallPlan);
    expect(awaitedDecision(small)).toBeNull();
    expect(deciderRefusal('fay', user('fay', 'finance'), small, 'approve')).toBeInstanceOf(StateError);
    expect(deciderRefusal('fay', user('fay', 'finance'), at('EXECUTED'), 'approve')?.message).toMatch(
      /EXECUTED: it cannot become APPROVED/,
    );
  });
});

describe('the decision a plan waits for', () => {
  it('is an approval while proposed, the second approval while a large refund has one approver, else none', () => {
    expect(awaitedDecision(at('PROPOSED'))).toBe('APPROVAL');
    expect(awaitedDecision(at('APPROVED', ['ana']))).toBe('SECOND_APPROVAL');
    // Approvers not known: never taken for fully approved.
    expect(awaitedDecision(at('APPROVED'))).toBe('SECOND_APPROVAL');
    expect(awaitedDecision(at('APPROVED', ['ana', 'fay']))).toBeNull();
    for (const s of ['REJECTED', 'EXECUTING', 'EXECUTED', 'FAILED', 'SUPERSEDED', 'STALE'] as const)
      expect(awaitedDecision(at(s, ['ana']))).toBeNull();
  });
});
