/**
 * Decisions as labels for measuring the rules: every decision of the plans decided in a period
 * (earlier ones of the same plans included, so a second approval inside the period of a plan
 * approved before it is seen for what it is), each with its set's rule, cause and doubt. Which
 * decision counts is src/feedback's; the store only reads.
 */
import { type DecisionLabel, doubtKinds, type RootCause } from '../model/index.ts';
import { batches } from './batches.ts';
import type { Db } from './database.ts';

export async function decisionLabels(db: Db, from: string, to: string): Promise<DecisionLabel[]> {
  const planIds = (
    await db
      .selectFrom('decisions')
      .select('plan_id')
      .distinct()
      .where('decided_at', '>=', from)
      .where('decided_at', '<', to)
      .execute()
  ).map((r) => r.plan_id);
  const out: DecisionLabel[] = [];
  for (const part of batches(planIds)) {
    const replacements = new Set(
      (
        await db
          .selectFrom('decisions')
          .select('resulting_plan_id')
          .where('resulting_plan_id', 'in', part)
          .whereRef('plan_id', '<>', 'resulting_plan_id')
          .execute()
      ).map((r) => r.resulting_plan_id),
    );
    const rows = await db
      .selectFrom('decisions as d')
      .leftJoin('plans as p', 'p.plan_id', 'd.plan_id')
      .leftJoin('sets as s', 's.set_id', 'p.set_id')
      .select([
        'd.plan_id',
        'd.decision',
        'd.decided_at',
        'd.decided_by',
        'd.category',
        'd.keep_reservation_id',
        'd.resulting_plan_id',
        's.rule_id',
        's.root_cause',
        's.doubt',
        's.evidence_json',
      ])
      .where('d.plan_id', 'in', part)
      .execute();
    for (const r of rows) {
      const evidence = r.evidence_json ? (JSON.parse(r.evidence_json) as { kind: string }[]) : [];
      out.push({
        planId: r.plan_id,
        decision: r.decision as DecisionLabel['decision'],
        decidedAt: r.decided_at,
        decidedBy: r.decided_by,
        category: r.category,
        otherKeep: r.keep_reservation_id !== null && r.resulting_plan_id !== r.plan_id,
        onReplacement: replacements.has(r.plan_id),
        ruleId: r.rule_id ?? null,
        rootCause: (r.root_cause ?? null) as RootCause | null,
        doubtKinds: doubtKinds({ doubt: r.doubt ?? null, evidence }),
      });
    }
  }
  return out.sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
}
