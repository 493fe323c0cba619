/**
 * What happens to a booking after it is made: the guest reopens it, edits it, cancels it. Only
 * the gateway rows are written here; the reservation's final state is decided up front by the
 * scenario (the row is written once, as it stands when the history ends).
 */
import type { Caller } from './requests.ts';
import { HOUR, MS, SECOND } from './time.ts';
import type { World } from './world.ts';

const VIEWS = { '0': 25, '1': 55, '2': 20 } as const;

function get(w: World, c: Caller, ts: number, path: string, status: number, response: string | null): void {
  w.log({
    ts,
    requestId: w.ids.request(),
    correlationId: c.correlationId,
    key: null,
    email: null,
    clientId: c.client.id,
    endpoint: path,
    method: 'GET',
    status,
    response,
    durationMs: Math.max(8, w.prng.logNormal(55, 0.6)),
    error: null,
  });
}

/** Confirmation page views, an occasional edit, an occasional mistyped lookup. */
export function afterBooking(
  w: World,
  c: Caller,
  reservationId: string,
  end: number,
  lastUsefulTs: number,
): void {
  const p = w.prng;
  const path = `/api/v1/reservations/${reservationId}`;
  let t = end + Math.round(p.real(0.3, 6) * SECOND);
  const views = p.weighted(VIEWS);
  for (let i = 0; i < Number(views); i++) {
    get(w, c, t, path, 200, null);
    t += Math.round(p.exp(6) * HOUR);
  }
  if (p.chance(0.04)) {
    const ts = end + Math.round(p.exp(20) * HOUR);
    if (ts < lastUsefulTs) {
      w.log({
        ts,
        requestId: w.ids.request(),
        correlationId: null,
        key: null,
        email: c.email,
        clientId: c.client.id,
        endpoint: path,
        method: 'PATCH',
        status: 200,
        response: `{"id": "${reservationId}"}`,
        durationMs: Math.max(30, p.logNormal(240, 0.5)),
        error: null,
      });
    }
  }
  if (p.chance(0.006))
    get(
      w,
      c,
      end + 90 * SECOND,
      `${path.slice(0, -4)}x${p.hex(3)}`,
      404,
      '{"error": "reservation not found"}',
    );
}

/** The cancelling request; the caller has already marked the reservation CANCELLED. */
export function cancelRequest(w: World, c: Caller, reservationId: string, ts: number): void {
  const durationMs = Math.max(40, w.prng.logNormal(310, 0.45));
  w.log({
    ts: ts - Math.round(durationMs) * MS,
    requestId: w.ids.request(),
    correlationId: null,
    key: null,
    email: c.email,
    clientId: c.client.id,
    endpoint: `/api/v1/reservations/${reservationId}`,
    method: 'DELETE',
    status: 200,
    response: `{"id": "${reservationId}", "status": "CANCELLED"}`,
    durationMs,
    error: null,
  });
}
