/**
 * Plans every DUPLICATE set the way a run would, with planSet and the default reconcile options
 * (those of a deployment without a configuration file). A set the planner refuses is recorded
 * with its error, as reconcile does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/index.ts';
import type { LabelledSet, Plan } from '../../src/model/index.ts';
import { planSet } from '../../src/reconcile/index.ts';

export interface Plans {
  readonly bySet: ReadonlyMap<string, Plan>;
  readonly failed: readonly { readonly setId: string; readonly error: string }[];
}

function defaultOptions(): ReturnType<typeof resolveConfig>['reconcile'] {
  const home = mkdtempSync(join(tmpdir(), 'resrecon-eval-'));
  try {
    return resolveConfig({ cwd: home, env: {} }).reconcile;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export function planAll(sets: readonly LabelledSet[]): Plans {
  const options = defaultOptions();
  const bySet = new Map<string, Plan>();
  const failed: { setId: string; error: string }[] = [];
  for (const s of sets) {
    if (s.verdict !== 'DUPLICATE') continue;
    try {
      bySet.set(s.setId, planSet(s, options));
    } catch (err) {
      failed.push({ setId: s.setId, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { bySet, failed };
}
