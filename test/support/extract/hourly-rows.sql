-- $1 reservations, one an hour from 2026-01-01 00:00 UTC (offset by $2 hours), each with a
-- payment, an idempotency record, a lock and its booking request; ids carry the hour number.
INSERT INTO "Reservation"
SELECT 'r' || h, 'C' || h, 'guest' || h || '@example.com', 'Guest ' || h, 'p1', 'rt1',
       date '2026-03-01' + (h % 30), date '2026-03-01' + (h % 30) + 2, 100 + h + 0.25, 'EUR', 'CONFIRMED', NULL, 'k' || h,
       timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour', timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour'
FROM generate_series($2::int, $2::int + $1::int - 1) AS h;
INSERT INTO "Payment"
SELECT 'pay' || h, 'r' || h, 'CAPTURED', 100 + h + 0.25, 0, 'EUR', 'ch' || h,
       timestamptz '2026-01-01 00:00:01+00' + h * interval '1 hour', timestamptz '2026-01-01 00:00:01+00' + h * interval '1 hour'
FROM generate_series($2::int, $2::int + $1::int - 1) AS h;
INSERT INTO "IdempotencyRecord"
SELECT 'k' || h, 'r' || h, 201, 1, timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour'
FROM generate_series($2::int, $2::int + $1::int - 1) AS h;
INSERT INTO "IdempotencyLock" (key, "requestId", acquired, "createdAt", "releasedAt")
SELECT 'k' || h, 'req' || h, true, timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour',
       timestamptz '2026-01-01 00:00:00.5+00' + h * interval '1 hour'
FROM generate_series($2::int, $2::int + $1::int - 1) AS h;
INSERT INTO api_logs ("timestamp", "requestId", "idempotencyKey", "guestEmail", endpoint, method, status, response, duration)
SELECT timestamptz '2026-01-01 00:00:00+00' + h * interval '1 hour' - interval '0.2 second', 'req' || h, 'k' || h,
       'guest' || h || '@example.com', '/api/v1/reservations', 'POST', 201, jsonb_build_object('id', 'r' || h), 250
FROM generate_series($2::int, $2::int + $1::int - 1) AS h;
