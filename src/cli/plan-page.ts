/**
 * One plan as a page for a person at a terminal (`resrecon plans show ID`): what it is, why, the
 * bookings by confirmation number, every step it takes in the words of the reports and the
 * console, the money it still moves per currency, who decided what, and what comes next with
 * the command to type. Pipes and scripts get the JSON instead (plans.ts).
 */
import { DECIDING_ROLES, deciderRefusal, SECOND_APPROVAL_ROLE } from '../decisions/index.ts';
import {
  awaitedDecision,
  causeLabel,
  flagWords,
  formatDate,
  formatMoneyList,
  formatSourceMoney,
  formatTimestamp,
  type LabelledSet,
  planMoney,
  planStatusLabel,
  plural,
  rejectionCategoryLabel,
} from '../model/index.ts';
import { planItems, reservationName } from '../reports/index.ts';
import type { Decision, ItemOutcome, StoredPlan, User } from '../state/index.ts';
import { bold, terminalSafe } from './output.ts';

export interface PlanPageInput {
  /** The plan as the store holds it, with its done items and approvers. */
  readonly stored: StoredPlan;
  /** Its set, when the store still holds it. */
  readonly set: LabelledSet | null;
  readonly decisions: readonly Decision[];
  readonly outcomes: readonly ItemOutcome[];
  /** The store's users: the next step names who may take it. */
  readonly users: readonly User[];
  /** How the reader starts the program, e.g. "resrecon" or "resrecon --config prod.yaml". */
  readonly command: string;
}

const INDENT = '  ';

/** The terminal's width, or a reader's usual one when it is not known (a pager, a test). */
const screenWidth = (): number => Math.max(60, process.stdout.columns || 100);

/**
 * Text broken at spaces to fit `width`; later lines start with `hang` spaces, so an evidence
 * sentence stays in its column. A word longer than the line (an id) is left whole.
 */
function wrap(text: string, width: number, hang = 0): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = width - (out.length > 0 ? hang : 0);
    if (line && `${line} ${word}`.length > room) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out.map((l, i) => (i === 0 ? l : `${' '.repeat(hang)}${l}`));
}

/** "label   value" lines with the values in one column; a value of several lines stays in it. */
function fields(rows: readonly (readonly [string, string | readonly string[]])[]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  const room = screenWidth() - INDENT.length - width - 2;
  return rows.flatMap(([label, value]) => {
    const values = typeof value === 'string' ? [value] : value.length > 0 ? value : [''];
    const lines = values.flatMap((v) => wrap(v, room, v.startsWith('- ') ? 2 : 0));
    return lines.map((l, i) => `${INDENT}${(i === 0 ? label : '').padEnd(width)}  ${l}`.trimEnd());
  });
}

/** A line of the page: text, or a heading (printed in bold). */
type Line = string | { readonly heading: string };

function section(heading: string, lines: readonly string[]): Line[] {
  return ['', { heading }, ...lines];
}

/** The next decision or action and the commands for it; null when nothing is left to do. */
function nextStep(input: PlanPageInput): string[] {
  const { stored, users, command } = input;
  const id = stored.plan.planId;
  const awaiting = awaitedDecision(stored);
  const flagged = stored.plan.flags.length > 0;
  if (stored.supersededBy)
    return [
      `Nothing: this plan was replaced by ${stored.supersededBy}.`,
      `${command} plans show ${stored.supersededBy}`,
    ];
  // Who may take the decision, asked of the decision authority itself, so the page never offers
  // a name the command would refuse. When one user of the usual role may (the demo's), the
  // command names them; otherwise the reader puts their own name.
  const eligible = users.filter((u) => deciderRefusal(u.username, u, stored, 'approve') === null);
  const role = awaiting === 'SECOND_APPROVAL' ? SECOND_APPROVAL_ROLE : 'approver';
  const usual = eligible.filter((u) => u.role === role);
  const by = usual.length === 1 ? usual[0]!.username : '<user>';
  const who =
    eligible.length > 0
      ? `Who may: ${eligible.map((u) => u.username).join(', ')}.`
      : 'No user may yet: add one with resrecon users add NAME --role ROLE.';
  if (awaiting === 'APPROVAL') {
    return [
      `Approve or reject it, as a user with the ${DECIDING_ROLES.join(' or ')} role${flagged ? ' (flagged: on its own, never in a batch)' : ''}. ${who}`,
      `${command} plans approve ${id} --by ${by}`,
      `${command} plans reject ${id} --by ${by} --reason "why it is wrong"`,
    ];
  }
  if (awaiting === 'SECOND_APPROVAL') {
    const first = stored.approvedBy?.join(', ');
    return [
      `The second approval, by a user with the ${SECOND_APPROVAL_ROLE} role${first ? ` other than ${first}` : ''}. ${who}`,
      `${command} plans approve ${id} --by ${by}`,
    ];
  }
  switch (stored.status) {
    case 'APPROVED':
      return [
        'Carry it out through the booking API (--dry-run first shows every call and changes nothing).',
        `${command} execute ${id} --dry-run`,
        `${command} execute ${id}`,
      ];
    case 'EXECUTING':
    case 'FAILED':
      return ['Carry out the rest: the steps already done are not repeated.', `${command} execute ${id}`];
    case 'EXECUTED':
      return ['Nothing: it was carried out.'];
    case 'REJECTED':
      return ['Nothing: it was rejected, and nothing of it will be carried out.'];
    case 'STALE':
      return ['Nothing now: the booking data changed before it ran; the next run plans the set again.'];
    case 'SUPERSEDED':
      return ['Nothing: a newer plan replaced it.'];
    default:
      return [];
  }
}

export function planPage(input: PlanPageInput): string {
  const { stored, set, decisions, outcomes } = input;
  const plan = stored.plan;
  const awaiting = awaitedDecision(stored);
  const members = set?.members ?? [];
  const name = reservationName(members);
  const kept = members.find((m) => m.reservationId === plan.keepReservationId) ?? members[0];

  const why: string[] = set
    ? [
        `${set.rootCause ? causeLabel(set.rootCause) : 'Not a duplicate'}, confidence ${set.confidence.toFixed(2)} (${[set.rootCause, set.ruleId && `rule ${set.ruleId}`].filter(Boolean).join(', ')})`,
        ...set.evidence.map((e) => `- ${e.detail}`),
      ]
    : ['the store no longer holds this plan’s set'];
  const head = fields([
    ['Set', stored.setId],
    [
      'Created',
      `${formatTimestamp(stored.createdAt)}${stored.createdRunId ? ` by run ${stored.createdRunId}` : ''}`,
    ],
    ['Cause', why],
    [
      'Guest',
      kept
        ? `${kept.guestName ? `${kept.guestName} <${kept.guestEmail}>` : kept.guestEmail}`
        : plan.notifyGuest,
    ],
    [
      'Stay',
      kept
        ? `${formatDate(kept.checkIn)} → ${formatDate(kept.checkOut)}, ${kept.roomTypeId} at ${kept.propertyId}`
        : '',
    ],
    [
      'Inventory',
      plan.releasedRoomNights > 0
        ? `${plural(plan.releasedRoomNights, 'room night')} of the copies go back on sale`
        : 'nothing to release',
    ],
    ['Notify', `the guest at ${plan.notify.guestEmail}, saying which booking stays`],
    ['Flags', plan.flags.length > 0 ? plan.flags.map((f) => `${flagWords(f.code)}: ${f.detail}`) : 'none'],
  ]);

  const cancelled = new Set(plan.cancel.map((c) => c.reservationId));
  const bookings = members.map((m) => {
    const role =
      m.reservationId === plan.keepReservationId ? 'keep' : cancelled.has(m.reservationId) ? 'cancel' : '';
    const payments = m.payments.map(
      (p) => `payment ${p.paymentId} ${p.status ?? 'no status'} ${formatSourceMoney(p.amount, p.currency)}`,
    );
    return [
      `${INDENT}${role.padEnd(6)} ${name(m.reservationId)}, ${m.status}, created ${formatTimestamp(m.createdAt, true)}`,
      ...payments.map((p) => `${INDENT}       ${p}`),
    ];
  });

  const done = new Map(outcomes.map((o) => [o.itemId, o]));
  const steps = planItems(plan, members).map(({ itemId, text }) => {
    const o = done.get(itemId);
    const state = o ? `${o.status.toLowerCase()}${o.httpStatus ? ` (HTTP ${o.httpStatus})` : ''}` : 'not yet';
    return { text, state };
  });
  const stepWidth = Math.max(...steps.map((s) => s.text.length));
  const numbered = steps.map(
    (s, i) => `${INDENT}${String(i + 1).padStart(2)}. ${s.text.padEnd(stepWidth)}  ${s.state}`,
  );

  const money = planMoney(stored);
  const none = 'none';
  const moneyLines = fields([
    ['Refunds', formatMoneyList(money.refunds) || none],
    ['Voids', formatMoneyList(money.voids) || none],
    ['Transfers', formatMoneyList(money.transfers) || none],
  ]);

  const decided = decisions.map(
    (d) =>
      `${INDENT}${d.decision === 'APPROVED' ? 'Approved' : 'Rejected'} by ${d.decidedBy}, ${formatTimestamp(d.decidedAt)}` +
      `${d.category ? ` [${rejectionCategoryLabel(d.category)}]` : ''}` +
      `${d.reason ? `: ${d.reason}` : ''}${d.keepReservationId ? ` (keep ${name(d.keepReservationId)})` : ''}` +
      `${d.resultingPlanId !== d.planId ? ` -> plan ${d.resultingPlanId}` : ''}`,
  );
  const [nextText, ...commands] = nextStep(input);

  const page: Line[] = [
    { heading: `Plan ${plan.planId}  ${planStatusLabel(stored.status, awaiting)}` },
    '',
    ...head,
    ...section(
      'Bookings',
      bookings.length > 0 ? bookings.flat() : [`${INDENT}keep   ${name(plan.keepReservationId)}`],
    ),
    ...section('What it will do', numbered),
    ...section('Money still to move (per currency)', moneyLines),
    ...section('Decisions', decided.length > 0 ? decided : [`${INDENT}none yet`]),
    ...section('Next', [
      ...(nextText ? wrap(nextText, screenWidth() - INDENT.length).map((l) => `${INDENT}${l}`) : []),
      ...commands.map((c) => `${INDENT}  ${c}`),
    ]),
  ];
  // Names, ids and evidence come from the booking data: each line is made inert for the
  // terminal here, after the layout, and only the page's own headings get an escape sequence.
  return page
    .map((l) => (typeof l === 'string' ? terminalSafe(l) : bold(terminalSafe(l.heading))))
    .map((l) => `${l}\n`)
    .join('');
}
