/**
 * The apps and channels that call the booking API. Each has its own habits, and those habits are
 * what the root causes are made of: whether it sends an Idempotency-Key (never, one per booking,
 * or a fresh one on every call), how long it waits before giving up, which gateway sits in front
 * of it and how it retries. Ceilings as production shows them: managed gateways cut at 29-30 s,
 * nginx at 60 s, a CDN edge at 100 s, and some apps hang up on their own after 10-25 s.
 */
export type KeyHabit = 'never' | 'per-booking' | 'per-call';

export interface ClientProfile {
  readonly id: string;
  /** Share of normal traffic. */
  readonly share: number;
  readonly keys: KeyHabit;
  /** The client's own request timeout, ms; it hangs up (499 or no status) when this comes first. */
  readonly timeoutMs: number;
  /** The gateway's upstream timeout in front of this client, ms: it answers 504/502 at this point. */
  readonly gatewayMs: number;
  /** Extra spread of gateway cut-offs above the ceiling, ms (CDN edges log 30-35 s). */
  readonly gatewaySpreadMs: number;
  /** Automatic retries (an HTTP library, 0.5-2 s with jitter) or people clicking again. */
  readonly retries: 'library' | 'human' | 'redelivery';
  /** Share of requests that carry a correlation id. */
  readonly correlated: number;
  /** Books several rooms in one checkout now and then. */
  readonly multiRoom: boolean;
  /** A CDN edge sits in front of the gateway: it cuts at `gatewayMs` and answers 524. */
  readonly behindCdn?: boolean;
}

export const CLIENTS: readonly ClientProfile[] = [
  {
    id: 'web@2026.11.2',
    share: 22,
    keys: 'never',
    timeoutMs: 120_000,
    gatewayMs: 30_000,
    gatewaySpreadMs: 5_000,
    retries: 'human',
    correlated: 0.98,
    multiRoom: true,
  },
  {
    id: 'web@2026.10.5',
    share: 9,
    keys: 'never',
    timeoutMs: 120_000,
    gatewayMs: 30_000,
    gatewaySpreadMs: 5_000,
    retries: 'human',
    correlated: 0.98,
    multiRoom: true,
  },
  {
    id: 'ios-app@3.2.1',
    share: 16,
    keys: 'per-booking',
    timeoutMs: 60_000,
    gatewayMs: 29_000,
    gatewaySpreadMs: 400,
    retries: 'library',
    correlated: 1,
    multiRoom: true,
  },
  {
    id: 'ios-app@3.1.4',
    share: 6,
    keys: 'never',
    timeoutMs: 25_000,
    gatewayMs: 29_000,
    gatewaySpreadMs: 400,
    retries: 'library',
    correlated: 1,
    multiRoom: false,
  },
  {
    id: 'android-app@5.0.3',
    share: 13,
    keys: 'per-booking',
    timeoutMs: 10_000,
    gatewayMs: 29_000,
    gatewaySpreadMs: 400,
    retries: 'library',
    correlated: 1,
    multiRoom: true,
  },
  {
    id: 'android-app@4.9.2',
    share: 6,
    keys: 'per-call',
    timeoutMs: 15_000,
    gatewayMs: 29_000,
    gatewaySpreadMs: 400,
    retries: 'library',
    correlated: 0.9,
    multiRoom: false,
  },
  {
    id: 'partner-channel-mgr@1.4.0',
    share: 10,
    keys: 'per-call',
    timeoutMs: 20_000,
    gatewayMs: 30_000,
    gatewaySpreadMs: 5_000,
    retries: 'redelivery',
    correlated: 0.6,
    multiRoom: false,
  },
  {
    id: 'partner-channel-mgr@1.3.7',
    share: 4,
    keys: 'never',
    timeoutMs: 45_000,
    gatewayMs: 30_000,
    gatewaySpreadMs: 5_000,
    retries: 'redelivery',
    correlated: 0.4,
    multiRoom: false,
  },
  {
    id: 'agent-portal@2.1.0',
    share: 8,
    keys: 'never',
    timeoutMs: 180_000,
    gatewayMs: 60_000,
    gatewaySpreadMs: 1_500,
    retries: 'human',
    correlated: 0.95,
    multiRoom: true,
  },
  {
    id: 'kiosk@1.0.8',
    share: 1,
    keys: 'per-booking',
    timeoutMs: 30_000,
    gatewayMs: 60_000,
    gatewaySpreadMs: 1_500,
    retries: 'human',
    correlated: 1,
    multiRoom: false,
  },
  {
    // A tour operator's system booking through the public API behind a CDN edge (100 s).
    id: 'partner-api@2.3.0',
    share: 3,
    keys: 'per-call',
    timeoutMs: 120_000,
    gatewayMs: 100_000,
    gatewaySpreadMs: 800,
    retries: 'library',
    correlated: 0.9,
    multiRoom: false,
    behindCdn: true,
  },
];

/** Support's back-office tool: refunds, voids and cancellations made by hand. Books nothing. */
export const BACKOFFICE: ClientProfile = {
  id: 'backoffice@7.4.2',
  share: 0,
  keys: 'never',
  timeoutMs: 60_000,
  gatewayMs: 30_000,
  gatewaySpreadMs: 0,
  retries: 'human',
  correlated: 0,
  multiRoom: false,
};

export const CLIENT_WEIGHTS: Readonly<Record<string, number>> = Object.fromEntries(
  CLIENTS.map((c) => [c.id, c.share]),
);

export function clientById(id: string): ClientProfile {
  const c = CLIENTS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown client ${id}`);
  return c;
}
