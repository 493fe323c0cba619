-- The idempotency tables' keys and the lock lookup index, restored after the load.
ALTER TABLE "IdempotencyRecord" ADD CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("idempotencyKey");
ALTER TABLE "IdempotencyLock" ADD CONSTRAINT "IdempotencyLock_pkey" PRIMARY KEY (id);
CREATE INDEX "IdempotencyLock_key_idx" ON "IdempotencyLock" (key);
SELECT setval(pg_get_serial_sequence('"IdempotencyLock"', 'id'), COALESCE(max(id), 0) + 1, false)
  FROM "IdempotencyLock";
ANALYZE "IdempotencyRecord";
ANALYZE "IdempotencyLock";
