/**
 * A stand-in of the booking platform's API for tests, backed by the simulator's PostgreSQL data
 * and applying the effects there, as the platform would: cancelling a reservation, refunding,
 * voiding or moving a payment. Release and notification are recorded only.
 *
 * It honours Idempotency-Key the way the runbook asks of the platform: a key seen before gets the
 * original answer back and no second effect; two requests with one key at once are serialised.
 * Every effect is counted in `standin.effects`, so a test can prove nothing happened twice.
 * Faults can be injected per request: a status (409, 503) before anything is done, or an answer
 * held back past the client's timeout after the effect is applied, or a 200 that does nothing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

export type Fault = { readonly status: number } | { readonly holdMs: number } | { readonly lie: true } | null;

export interface StandInOptions {
  readonly sourceUrl: string;
  readonly token: string;
  /** Decides a fault for a request: its key, action and how many times this key was seen. */
  readonly fault?: (req: { key: string; action: string; seen: number }) => Fault;
  /** Added to every answer, so a killed executor is caught in the middle of a plan. */
  readonly latencyMs?: number;
}

export interface StandIn {
  readonly url: string;
  /** Effects applied, per idempotency key. */
  effects(): Promise<Map<string, number>>;
  /** Requests received (replays included). */
  readonly requests: { key: string; action: string; auth: string | undefined }[];
  close(): Promise<void>;
}

const SETUP = `
CREATE SCHEMA IF NOT EXISTS standin;
CREATE TABLE IF NOT EXISTS standin.answers (key text PRIMARY KEY, status int NOT NULL, body text NOT NULL);
CREATE TABLE IF NOT EXISTS standin.effects (id serial PRIMARY KEY, key text NOT NULL, action text NOT NULL, target text NOT NULL);
`;

type Route = { action: string; id: string };

const ROUTES: readonly { method: string; pattern: RegExp; action: string }[] = [
  { method: 'DELETE', pattern: /^\/api\/v1\/reservations\/([^/]+)$/, action: 'cancel' },
  { method: 'POST', pattern: /^\/api\/v1\/payments\/([^/]+)\/refunds$/, action: 'refund' },
  { method: 'POST', pattern: /^\/api\/v1\/payments\/([^/]+)\/void$/, action: 'void' },
  { method: 'POST', pattern: /^\/api\/v1\/payments\/([^/]+)\/transfer$/, action: 'transfer' },
  { method: 'POST', pattern: /^\/api\/v1\/inventory\/release$/, action: 'release' },
  { method: 'POST', pattern: /^\/api\/v1\/notifications$/, action: 'notify' },
];

function route(method: string, path: string): Route | null {
  for (const r of ROUTES) {
    const m = r.method === method ? r.pattern.exec(path) : null;
    if (m) return { action: r.action, id: decodeURIComponent(m[1] ?? '') };
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Applies one action in the caller's transaction; the answer to send, with no effect on a 4xx. */
async function apply(
  c: pg.ClientBase,
  r: Route,
  body: Record<string, unknown>,
  key: string,
): Promise<{ status: number; body: unknown }> {
  let rows = 0;
  let target = r.id;
  if (r.action === 'cancel') {
    rows = (
      await c.query(
        `UPDATE "Reservation" SET status = 'CANCELLED', "cancelReason" = 'DUPLICATE', "updatedAt" = now()
         WHERE id = $1 AND status IN ('PENDING', 'CONFIRMED')`,
        [r.id],
      )
    ).rowCount!;
  } else if (r.action === 'refund') {
    rows = (
      await c.query(
        `UPDATE "Payment" SET "refundedAmount" = "refundedAmount" + $2::numeric,
           status = CASE WHEN "refundedAmount" + $2::numeric >= amount THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END,
           "updatedAt" = now()
         WHERE id = $1 AND status IN ('CAPTURED', 'PARTIALLY_REFUNDED') AND amount - "refundedAmount" >= $2::numeric
           AND currency = $3`,
        [r.id, String(body['amount']), String(body['currency'])],
      )
    ).rowCount!;
  } else if (r.action === 'void') {
    rows = (
      await c.query(
        `UPDATE "Payment" SET status = 'VOIDED', "updatedAt" = now() WHERE id = $1 AND status = 'AUTHORIZED'`,
        [r.id],
      )
    ).rowCount!;
  } else if (r.action === 'transfer') {
    rows = (
      await c.query(`UPDATE "Payment" SET "reservationId" = $2, "updatedAt" = now() WHERE id = $1`, [
        r.id,
        String(body['toReservationId']),
      ])
    ).rowCount!;
  } else {
    rows = 1;
    target = String(body['reservationId'] ?? body['guestEmail'] ?? '');
  }
  if (rows === 0)
    return { status: 422, body: { error: `${r.action} of ${r.id} does not apply to its current state` } };
  await c.query('INSERT INTO standin.effects (key, action, target) VALUES ($1, $2, $3)', [
    key,
    r.action,
    target,
  ]);
  return { status: 200, body: { ok: true, action: r.action, id: r.id } };
}

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const pool = new pg.Pool({ connectionString: options.sourceUrl, max: 8 });
  await pool.query(SETUP);
  const seen = new Map<string, number>();
  const requests: StandIn['requests'] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const server: Server = createServer((req, res) => {
    void (async () => {
      const reply = (status: number, body: unknown) => {
        if (!res.headersSent)
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      try {
        const url = new URL(req.url ?? '/', 'http://stand-in');
        const r = route(req.method ?? 'GET', url.pathname);
        const key = String(req.headers['idempotency-key'] ?? '');
        requests.push({ key, action: r?.action ?? '?', auth: req.headers.authorization });
        if (req.headers.authorization !== `Bearer ${options.token}`)
          return reply(401, { error: 'bad token' });
        if (!r) return reply(404, { error: 'no such endpoint' });
        if (!key) return reply(400, { error: 'Idempotency-Key required' });
        const body = await readBody(req);
        const n = (seen.get(key) ?? 0) + 1;
        seen.set(key, n);
        if (options.latencyMs) await sleep(options.latencyMs);
        const fault = options.fault?.({ key, action: r.action, seen: n }) ?? null;
        if (fault && 'status' in fault) return reply(fault.status, { error: 'injected' });
        if (fault && 'lie' in fault) return reply(200, { ok: true, note: 'did nothing' });
        const client = await pool.connect();
        let answer: { status: number; body: unknown };
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
          const before = await client.query<{ status: number; body: string }>(
            'SELECT status, body FROM standin.answers WHERE key = $1',
            [key],
          );
          if (before.rows[0]) {
            answer = { status: before.rows[0].status, body: JSON.parse(before.rows[0].body) };
          } else {
            answer = await apply(client, r, body, key);
            await client.query('INSERT INTO standin.answers (key, status, body) VALUES ($1, $2, $3)', [
              key,
              answer.status,
              JSON.stringify(answer.body),
            ]);
          }
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
        if (fault && 'holdMs' in fault) await sleep(fault.holdMs);
        reply(answer.status, answer.body);
      } catch (err) {
        reply(500, { error: (err as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async effects() {
      const { rows } = await pool.query<{ key: string; n: string }>(
        'SELECT key, count(*)::text AS n FROM standin.effects GROUP BY key',
      );
      return new Map(rows.map((x) => [x.key, Number(x.n)]));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
