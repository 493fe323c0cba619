/**
 * The console's roles. viewer: reads; approver: approves and rejects (ops); finance: also the
 * second approval past the limit. What each role may decide is the decision authority's
 * (src/decisions); the users themselves are the state store's. Here, in the floor, so the command
 * line names the roles in its help without loading the store.
 */
export const ROLES = ['viewer', 'approver', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
