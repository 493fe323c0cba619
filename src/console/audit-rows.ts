/**
 * An audit entry as a row a person reads: when, who, what in words, the plan, and one short line
 * of the details; the full details stay one click away (the page folds them in <details>), so
 * an executor's API answers do not stretch the page.
 */

import { flagWords, formatTimestamp, formatWindow, rejectionCategoryLabel } from '../model/index.ts';
import type { AuditEntry } from '../state/index.ts';

export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly when: string;
  readonly actor: string;
  readonly what: string;
  readonly planId: string | null;
  readonly summary: string;
  /** The details as indented JSON, or null when there are none. */
  readonly detail: string | null;
}

/** Details too long for one line; they stay in the folded full details. */
const LONG = new Set(['response', 'trail']);
const SUMMARY_MAX = 200;

export function auditRow(a: AuditEntry): AuditRow {
  const keys = Object.keys(a.detail);
  return {
    seq: a.seq,
    at: a.at,
    when: formatTimestamp(a.at, true),
    actor: a.actor,
    what: words(a.action),
    planId: a.planId,
    summary: summary(a.detail),
    detail: keys.length ? JSON.stringify(a.detail, null, 2) : null,
  };
}

/** PLAN_APPROVED -> "Plan approved". */
function words(action: string): string {
  const text = action.toLowerCase().replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** previousStatus -> "previous status". */
function label(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function value(key: string, v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (Array.isArray(v)) {
    // A plan proposed without flags says so: "none" is news to a reviewer, an empty list is not.
    if (v.length === 0) return key === 'flags' ? 'none' : null;
    const items = v.map((x) =>
      typeof x === 'string' ? (key === 'flags' ? flagWords(x) : x) : JSON.stringify(x),
    );
    return items.join(', ');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['from'] === 'string' && typeof o['to'] === 'string')
      return formatWindow({ from: o['from'], to: o['to'] });
    return null;
  }
  // A decision's reason category in the words the reject form offered.
  if (key === 'category' && typeof v === 'string') return rejectionCategoryLabel(v);
  return String(v);
}

function summary(detail: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const [key, v] of Object.entries(detail)) {
    if (LONG.has(key)) continue;
    const text = value(key, v);
    if (text !== null) parts.push(`${label(key)}: ${text}`);
  }
  const line = parts.join('; ');
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
}
