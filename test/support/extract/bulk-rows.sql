-- Generated rows beside the edge rows: many amounts, instants with microseconds and dates, so
-- that sums compared across engines cover more than a handful of values. Deterministic.
INSERT INTO "Reservation"
SELECT 'g' || i, 'GC-' || i, 'guest' || (i % 997) || '@example.com', CASE WHEN i % 7 = 0 THEN '' WHEN i % 11 = 0 THEN NULL ELSE 'Guest, "' || i || '"' END,
       'p' || (i % 13), 'rt' || (i % 5), date '2026-01-01' + (i % 400), date '2026-01-01' + (i % 400) + 1 + (i % 9),
       ((i * 7919) % 100000000) / 100.0, (ARRAY['EUR', 'USD', 'JPY', 'GBP'])[1 + i % 4],
       (ARRAY['PENDING', 'CONFIRMED', 'CANCELLED', 'CHECKED_OUT'])[1 + i % 4], NULL, CASE WHEN i % 3 = 0 THEN NULL ELSE 'key-' || i END,
       timestamptz '2026-02-01 00:00:00+00' + i * interval '1.234567 second', timestamptz '2026-02-01 00:00:00+00' + i * interval '1.234567 second' + interval '5 minutes'
FROM generate_series(1, 20000) AS i;
INSERT INTO "Payment"
SELECT 'gp' || i, 'g' || i, (ARRAY['CAPTURED', 'AUTHORIZED', 'FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'PENDING'])[1 + i % 6],
       ((i * 7919) % 100000000) / 100.0, ((i * 31) % 1000) / 100.0, 'EUR', 'ch_' || i,
       timestamptz '2026-02-01 00:00:00+00' + i * interval '1.000001 second', timestamptz '2026-02-01 00:00:00+00' + i * interval '1.000001 second'
FROM generate_series(1, 20000) AS i;
INSERT INTO api_logs ("timestamp", "requestId", "guestEmail", endpoint, method, status, response, duration, error)
SELECT timestamptz '2026-02-01 00:00:00+00' + i * interval '0.654321 second', 'greq-' || i, 'guest' || (i % 997) || '@example.com',
       CASE WHEN i % 4 = 0 THEN '/api/v1/properties' WHEN i % 4 = 1 THEN '/api/v1/reservations/g' || i ELSE '/api/v1/reservations' END,
       CASE WHEN i % 2 = 0 THEN 'POST' ELSE 'GET' END, CASE WHEN i % 10 = 0 THEN NULL ELSE 200 + i % 5 END,
       jsonb_build_object('id', 'g' || i), i % 30000, CASE WHEN i % 10 = 0 THEN 'client closed request' END
FROM generate_series(1, 40000) AS i;
