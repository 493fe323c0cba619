/**
 * People's reviews of a rule under precision: "I've looked at this rule". Stored and audited
 * (RULE_REVIEWED); whether a review silences the ops report's banner is src/feedback's rule.
 */
import { randomUUID } from 'node:crypto';
import type { RuleReview } from '../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './database.ts';
import { writeTransaction } from './write-transaction.ts';

export async function recordRuleReview(
  db: Db,
  now: string,
  review: Omit<RuleReview, 'reviewedAt'>,
): Promise<RuleReview> {
  await writeTransaction(db, async (trx) => {
    await trx
      .insertInto('rule_reviews')
      .values({
        review_id: randomUUID(),
        rule_id: review.ruleId,
        reviewed_by: review.reviewedBy,
        reviewed_at: now,
        note: review.note,
      })
      .execute();
    await appendAudit(trx, now, {
      actor: review.reviewedBy,
      action: 'RULE_REVIEWED',
      detail: { rule: review.ruleId, ...(review.note ? { note: review.note } : {}) },
    });
  });
  return { ...review, reviewedAt: now };
}

/** The latest review of each rule. */
export async function latestRuleReviews(db: Db): Promise<RuleReview[]> {
  const rows = await db.selectFrom('rule_reviews').selectAll().orderBy('reviewed_at').execute();
  const latest = new Map<string, RuleReview>();
  for (const r of rows) {
    latest.set(r.rule_id, {
      ruleId: r.rule_id,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
      note: r.note,
    });
  }
  return [...latest.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

/** Whether any set the store holds was labelled by this rule: a review of another is a typo. */
export async function ruleSeen(db: Db, ruleId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sets')
    .select('set_id')
    .where('rule_id', '=', ruleId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
