/**
 * The embedded demo's local users, so the demo's plans can be decided from the command line right
 * after `npm start`: `demo-ops` (approver) and `demo-finance` (finance, for the second approval
 * of a refund past the limit). Neither has a password, so neither signs in to the console (add a
 * user with `resrecon users add` for that). They are only ever added to the demo's own store,
 * under RESRECON_HOME/demo, which is used only while nothing points at production.
 */
import type { Role, Store } from '../state/index.ts';

export const DEMO_DECIDERS: readonly { readonly username: string; readonly role: Role }[] = [
  { username: 'demo-ops', role: 'approver' },
  { username: 'demo-finance', role: 'finance' },
];

export async function addDemoDeciders(store: Store): Promise<void> {
  for (const { username, role } of DEMO_DECIDERS) {
    if (await store.getUser(username)) continue;
    // Another command may add it at the same moment; the user is there either way.
    await store.addUser(username, null, role).catch(async (err: unknown) => {
      if (!(await store.getUser(username))) throw err;
    });
  }
}
