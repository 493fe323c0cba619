/**
 * What the nightly job tells on-call people: a burst of duplicates, a release regression, or a
 * run that failed.
 */
import {
  causeLabel,
  type Incident,
  type Regression,
  ROOT_CAUSES,
  regressionWords,
  runbookFix,
  setsLink,
} from '../model/index.ts';

export interface Alert {
  readonly kind: 'burst' | 'regression' | 'run-failed' | 'mail-failed';
  /** One line: the subject of the email and the first line of the webhook message. */
  readonly title: string;
  /** The body, a line each: what happened, what to look at, what to do. */
  readonly lines: readonly string[];
  readonly runId: string;
  /**
   * Who is emailed: on-call (engineering and ops, the default) or engineering alone, for what
   * only engineering can fix (a client release); then ops only when engineering has nobody.
   */
  readonly audience?: 'on-call' | 'engineering';
}

const shown = 10;

export function burstAlert(
  runId: string,
  incident: Omit<Incident, 'limitPerHour'>,
  limitPerHour: number,
): Alert {
  const clients = incident.clients
    .slice(0, shown)
    .map((c) => `${c.clientId} (${c.copies})`)
    .join(', ');
  const sets = incident.setIds.slice(0, shown).join(', ');
  const more = incident.setIds.length > shown ? ` and ${incident.setIds.length - shown} more` : '';
  return {
    kind: 'burst',
    runId,
    title: `resrecon: ${incident.copies} duplicate bookings between ${incident.from} and ${incident.to} (more than ${limitPerHour} within one hour)`,
    lines: [
      `Peak: ${incident.peakPerHour} duplicate copies within one hour; the escalation limit is ${limitPerHour}.`,
      `Clients sending the copies: ${clients || 'unknown'}.`,
      `Sets: ${sets}${more}.`,
      'Escalate to engineering: check the clients above for retries without an Idempotency-Key, timeouts and lock failures. The nightly run plans the clean-up.',
    ],
  };
}

/**
 * A client whose copies per 1000 bookings rose far above its baseline: sent once per client and
 * release (the scheduler records it), to engineering, with what to fix and where to look.
 */
export function regressionAlert(runId: string, r: Regression, consoleUrl: string | null): Alert {
  const words = regressionWords(r);
  const link = setsLink(consoleUrl, r.exampleSetIds);
  // The cause behind most copies, in the runbook's order on a tie (as What to fix first picks it).
  const main = ROOT_CAUSES.filter((c) => (r.byCause[c] ?? 0) > 0).sort(
    (a, b) => (r.byCause[b] ?? 0) - (r.byCause[a] ?? 0),
  )[0];
  const fix = main ? { cause: causeLabel(main), ...runbookFix(main) } : null;
  return {
    kind: 'regression',
    runId,
    title: `resrecon: release regression, ${words.headline}`,
    lines: [
      `Client ${r.client}, release ${r.release ?? '(none)'}. ${words.firstNight}`,
      words.release,
      words.rate,
      words.causes,
      words.money,
      `Example sets: ${r.exampleSetIds.join(', ') || 'none'}${link ? ` (${link})` : ''}.`,
      ...(fix ? [`What to fix (${fix.cause}, behind most of the copies): ${fix.title}. ${fix.text}`] : []),
      'Escalate to the team behind the client: compare how the release sends and retries bookings with the last good one. The nightly run plans the clean-up of the copies.',
    ],
    audience: 'engineering',
  };
}

export function failureAlert(
  runId: string,
  kind: string,
  window: { from: string; to: string },
  stage: string | null,
  error: string,
): Alert {
  return {
    kind: 'run-failed',
    runId,
    title: `resrecon: the ${kind} run ${runId} failed${stage ? ` in ${stage}` : ''}`,
    lines: [
      `Window: ${window.from} .. ${window.to}.`,
      `Error: ${error}`,
      kept(stage),
      'The next nightly run covers this window again.',
      `See: resrecon runs; run it by hand with: resrecon run --from ${window.from} --to ${window.to}`,
    ],
  };
}

/**
 * A night whose run succeeded but whose report emails did not go: finance and ops would
 * otherwise hear nothing. The webhook still reaches someone when the mail server is the problem.
 */
export function mailFailedAlert(
  runId: string,
  outDir: string,
  failed: readonly { audience: string; error: string }[],
): Alert {
  return {
    kind: 'mail-failed',
    runId,
    title: `resrecon: ${failed.length} report email(s) of run ${runId} could not be sent`,
    lines: [
      ...failed.map((f) => `The ${f.audience} report: ${f.error}`),
      `The messages stay in ${outDir}/outbox; nothing is lost.`,
      `Send them once the server is back with: resrecon run --resend ${runId} --out ${outDir}`,
    ],
  };
}

/**
 * The stages of a run in the order src/pipeline/run-pipeline.ts runs them, split where the plans
 * are stored (reconcile commits them whole, or nothing): a stage added there belongs in one list.
 * The watch pass's `bursts` stores no plan.
 */
const BEFORE_PLANS = ['rules', 'bookings', 'retention', 'compact', 'precision', 'reconcile', 'bursts'];
const AFTER_PLANS = ['regressions', 'report', 'render', 'write', 'queue', 'deliver'];

/** What of a failed run was kept, by the stage it stopped in (each stage commits on its own). */
function kept(stage: string | null): string {
  if (stage === null || stage === 'start' || stage === 'extract')
    return 'The warehouse and the state store are as they were before the run.';
  if (BEFORE_PLANS.includes(stage))
    return 'The rows it read from the source are in the warehouse; no plans were stored.';
  if (AFTER_PLANS.includes(stage)) return 'Its plans are stored; its reports were not all written or sent.';
  return `See resrecon runs for what the stage ${stage} kept.`;
}

export function alertText(alert: Alert): string {
  return [alert.title, '', ...alert.lines].join('\n');
}
