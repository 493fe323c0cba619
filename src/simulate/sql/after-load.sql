-- The constraints of schema.sql, restored after the load, plus the indexes a booking API keeps.
ALTER TABLE "Reservation" ADD CONSTRAINT "Reservation_pkey" PRIMARY KEY (id);
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_pkey" PRIMARY KEY (id);
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_reservationId_fkey"
  FOREIGN KEY ("reservationId") REFERENCES "Reservation"(id);
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("idempotencyKey");
ALTER TABLE "IdempotencyLock" ADD CONSTRAINT "IdempotencyLock_pkey" PRIMARY KEY (id);
ALTER TABLE api_logs ADD CONSTRAINT api_logs_pkey PRIMARY KEY (id);
CREATE INDEX "Payment_reservationId_idx" ON "Payment" ("reservationId");
CREATE INDEX "Reservation_guestEmail_idx" ON "Reservation" ("guestEmail");
CREATE INDEX "Reservation_createdAt_idx" ON "Reservation" ("createdAt");
CREATE INDEX "IdempotencyLock_key_idx" ON "IdempotencyLock" (key);
CREATE INDEX api_logs_timestamp_idx ON api_logs ("timestamp");
-- Explicit ids were loaded; move the sequences past them so the API's next insert works.
SELECT setval(pg_get_serial_sequence('"IdempotencyLock"', 'id'), COALESCE(max(id), 0) + 1, false)
  FROM "IdempotencyLock";
SELECT setval(pg_get_serial_sequence('api_logs', 'id'), COALESCE(max(id), 0) + 1, false) FROM api_logs;
ANALYZE;
