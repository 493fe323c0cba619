/**
 * The reports stage's own value types: what it takes besides the RunReport (the run history),
 * what it renders and what delivery returns, one status per audience.
 */
import type { Delivery } from '../mail/index.ts';
import type { RootCause } from '../model/index.ts';

export const AUDIENCES = ['finance', 'engineering', 'ops'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** One earlier run, as the state store keeps it, for the engineering trend. */
export interface RunHistoryEntry {
  readonly runId: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly finishedAt: string;
  readonly byRootCause: Readonly<Record<RootCause, number>>;
  readonly duplicateSets: number;
}

export interface Attachment {
  readonly filename: string;
  /** Text, or bytes (a compressed CSV). */
  readonly content: string | Buffer;
  readonly contentType: string;
}

export interface RenderedReport {
  readonly audience: Audience;
  readonly subject: string;
  /** Email-safe HTML: CSS inlined, charts as table bars, no SVG; its lists capped at emailTopN. */
  readonly html: string;
  /** The plain-text alternative part. */
  readonly text: string;
  /** The saved HTML report: the same content with inline SVG charts, its lists capped at fileTopN. */
  readonly fileHtml: string;
  readonly attachments: readonly Attachment[];
}

export type RenderedReports = Readonly<Record<Audience, RenderedReport>> & {
  /** The full lists, uncompressed, as the output folder keeps them. */
  readonly csv: { readonly refunds: string; readonly plans: string };
};

export interface RenderOptions {
  /** Base URL of the ops console; plan links are `${consoleUrl}/plans/${planId}`. Null: CLI commands. */
  readonly consoleUrl: string | null;
  /** Items per list in an email (configuration reports.emailTopN); default 25. */
  readonly emailTopN?: number;
  /** Items per list in a saved HTML report (reports.fileTopN); default 500. */
  readonly fileTopN?: number;
}

/** What happened to one audience's message. `file` is its .eml in the outbox. */
export type DeliveryResult = Delivery<Audience>;
