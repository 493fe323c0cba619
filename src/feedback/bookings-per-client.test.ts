import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOOKING_ENDPOINT_PATH } from '../model/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { bookingsPerClient } from './bookings-per-client.ts';

const day1 = { from: '2026-10-01T00:00:00.000Z', to: '2026-10-02T00:00:00.000Z' };
const day2 = { from: '2026-10-02T00:00:00.000Z', to: '2026-10-03T00:00:00.000Z' };

let wh: Warehouse;
let logId = 0;

async function booking(id: string, createdAt: string, key: string | null = null): Promise<void> {
  await wh.exec(
    'INSERT INTO reservation (id, guest_email, status, idempotency_key, created_at) VALUES ($id, $email, $status, $key, $at::TIMESTAMPTZ)',
    { id, email: `${id}@example.com`, status: 'CONFIRMED', key, at: createdAt },
  );
}

async function request(
  ts: string,
  clientId: string | null,
  over: { status?: number; response?: string | null; key?: string | null; method?: string } = {},
): Promise<void> {
  logId += 1;
  await wh.exec(
    `INSERT INTO api_log (id, ts, request_id, idempotency_key, client_id, endpoint, method, status, response, duration)
     VALUES ($id, $ts::TIMESTAMPTZ, $rid, $key, $client, $endpoint, $method, $status, $response, 200)`,
    {
      id: logId,
      ts,
      rid: `req-${logId}`,
      key: over.key ?? null,
      client: clientId,
      endpoint: BOOKING_ENDPOINT_PATH,
      method: over.method ?? 'POST',
      status: over.status ?? 201,
      response: over.response === undefined ? null : over.response,
    },
  );
}

beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
});
afterEach(() => wh.close());

describe('bookingsPerClient', () => {
  it('counts the reservations created in each span under the client of the request whose response names them', async () => {
    await booking('r1', '2026-10-01T10:00:01Z');
    await booking('r2', '2026-10-01T11:00:01Z');
    await booking('r3', '2026-10-02T09:00:01Z');
    await booking('r-outside', '2026-10-05T09:00:01Z');
    await request('2026-10-01T10:00:00Z', 'ios-app@3.4.0', { response: '{"id":"r1"}' });
    // A replay answered with the same booking later: the earliest request made it.
    await request('2026-10-01T12:00:00Z', 'web@1', { response: '{"id":"r1"}' });
    await request('2026-10-01T11:00:00Z', 'ios-app@3.4.0', { response: '{"id":"r2"}' });
    await request('2026-10-02T09:00:00Z', 'ios-app@3.5.0', { response: '{"id":"r3"}' });
    // Not a creating request, and a failed one whose body is no JSON: neither names a booking.
    await request('2026-10-01T10:00:02Z', 'web@1', { method: 'GET', response: '{"id":"r1"}' });
    await request('2026-10-01T10:00:03Z', 'web@1', { status: 500, response: 'upstream error' });
    expect(await bookingsPerClient(wh, [day1, day2])).toEqual([
      { ...day1, clientId: 'ios-app@3.4.0', bookings: 2 },
      { ...day2, clientId: 'ios-app@3.5.0', bookings: 1 },
    ]);
  });

  it('links a booking no response names by its Idempotency-Key, and counts an unlinked one under (none)', async () => {
    await booking('r1', '2026-10-01T10:00:40Z', 'k-1');
    await booking('r2', '2026-10-01T10:05:00Z');
    await booking('r3', '2026-10-01T10:06:00Z');
    await request('2026-10-01T10:00:00Z', 'partner@2.0', { status: 504, key: 'k-1' });
    await request('2026-10-01T10:06:00Z', null, { response: '{"id":"r3"}' });
    expect(await bookingsPerClient(wh, [day1])).toEqual([
      { ...day1, clientId: '(none)', bookings: 2 },
      { ...day1, clientId: 'partner@2.0', bookings: 1 },
    ]);
  });

  it("takes the rules' own link where they made one in the same session", async () => {
    await booking('r1', '2026-10-01T10:00:40Z');
    await request('2026-10-01T10:00:00Z', 'channel@9', { status: 504 });
    await wh.exec(
      `CREATE TEMP TABLE rr_member AS
       SELECT 'r1' AS id, 1::BIGINT AS log_id, 'channel@9' AS client_id
       UNION ALL SELECT 'r-old', NULL, NULL`,
    );
    expect(await bookingsPerClient(wh, [day1])).toEqual([{ ...day1, clientId: 'channel@9', bookings: 1 }]);
    // It leaves no table of its own behind.
    const left = await wh.all(
      "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'fb\\_%' ESCAPE '\\'",
    );
    expect(left).toEqual([]);
  });

  it('answers nothing for no spans, and no rows for an empty span', async () => {
    expect(await bookingsPerClient(wh, [])).toEqual([]);
    expect(await bookingsPerClient(wh, [day1])).toEqual([]);
  });
});
