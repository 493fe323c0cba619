-- Values that break naive pipelines: empty string next to NULL, separators, quotes, newlines,
-- backslashes, any Unicode, microseconds, offsets, extreme amounts and dates.
INSERT INTO "Reservation" VALUES
  ('r1', 'C-1', 'a@example.com', '', 'p1', 'rt1', '2026-03-01', '2026-03-04', 1234567890.12, 'EUR', 'CONFIRMED', NULL, NULL,
   '2026-02-01 10:00:00.123456+02', '2026-02-01 10:00:00.123456+02'),
  ('r2', 'C-2', ' A@Example.com ', NULL, 'p1', 'rt1', '2026-03-01', '2026-03-04', 0.01, 'EUR', 'PENDING', '', 'k-2',
   '2026-02-01 08:00:00.000001+00', '2026-02-01 08:00:00.999999+00'),
  ('r,3', 'C-"3"', 'q"uote@example.com', E'line1\nline2\r\nline3', 'p,2', 'rt"2', '1999-12-31', '2000-01-01', 9999999999.99, 'JPY', 'CANCELLED', E'tab\there, comma', 'k,3',
   '1999-12-31 23:59:59.999999-05', '2000-01-01 00:00:00+14'),
  ('r4', 'C-4', 'ünï@例え.jp', '🛏️ Zoë “Ω” 山田', 'p3', 'rt3', '2026-03-29', '2026-03-30', -12.50, 'USD', 'CONFIRMED', E'back\\slash \\N NULL', '""',
   '2026-03-29 01:30:00.5+01', '2026-03-29 03:30:00.5+02'),
  ('r5', '', 'e@example.com', '"', 'p4', 'rt4', '0001-01-01', '9999-12-31', 0.00, 'CHF', 'CHECKED_OUT', ',', 'NULL',
   '2026-02-02 00:00:00+00', '2026-02-02 00:00:00+00');
INSERT INTO "Payment" VALUES
  ('p1', 'r1', 'CAPTURED', 1234567890.12, 0, 'EUR', 'ch_1', '2026-02-01 10:00:01.000001+00', '2026-02-01 10:00:01.000001+00'),
  ('p2', 'r2', 'PARTIALLY_REFUNDED', 100.10, 0.10, 'EUR', '', '2026-02-01 08:00:02+00', '2026-02-03 08:00:02.5+00'),
  ('p,3', 'r,3', 'FAILED', 9999999999.99, 9999999999.99, 'JPY', NULL, '2000-01-01 00:00:00+00', '2000-01-01 00:00:00+00');
INSERT INTO "IdempotencyRecord" VALUES
  ('k-2', 'r2', 201, 1, '2026-02-01 08:00:00.000001+00'),
  ('k,3', NULL, NULL, 3, '1999-12-31 23:59:59+00'),
  ('""', 'r4', 409, 2, '2026-03-29 00:30:00.5+00');
INSERT INTO "IdempotencyLock" (key, "requestId", acquired, "createdAt", "releasedAt") VALUES
  ('k-2', 'req-1', true, '2026-02-01 08:00:00+00', '2026-02-01 08:00:00.25+00'),
  ('k-2', NULL, false, '2026-02-01 08:00:00.000002+00', NULL),
  ('k,3', '', true, '1999-12-31 23:59:59+00', NULL);
INSERT INTO api_logs ("timestamp", "requestId", "correlationId", "idempotencyKey", "guestEmail", "clientId", endpoint, method, status, response, duration, error) VALUES
  ('2026-02-01 07:59:59.999999+00', 'req-1', 'c1', 'k-2', ' A@Example.com ', 'ios-app@3.2.1', '/api/v1/reservations', 'POST', 201, '{"id": "r2", "note": "a,b\"c\nd"}', 120, NULL),
  ('2026-02-01 08:00:00+00', 'req-2', NULL, NULL, 'a@example.com', '', '/api/v1/reservations/r2', 'GET', NULL, NULL, 30000, 'client closed request'),
  ('2026-02-01 08:00:01+00', 'req-3', '', '', NULL, NULL, '/api/v1/reservations', 'POST', 504, '{}', 29999, ''),
  ('2026-02-01 08:00:02+00', 'req-4', NULL, NULL, 'a@example.com', NULL, '/api/v1/properties', 'GET', 200, '[]', 5, NULL);
