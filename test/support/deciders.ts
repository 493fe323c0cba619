/**
 * Users who may decide plans, added to a test's store: every decision goes through the decision
 * authority, which asks the store who a name is. They have no password (no console sign-in).
 */
import type { Role, Store } from '../../src/state/index.ts';

export async function addDeciders(store: Store, users: Readonly<Record<string, Role>>): Promise<void> {
  for (const [name, role] of Object.entries(users)) {
    if (!(await store.getUser(name))) await store.addUser(name, null, role);
  }
}
