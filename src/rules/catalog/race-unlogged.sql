-- RACE when the gateway log is missing: the reservations themselves store one Idempotency-Key,
-- they were created within moments of each other, and IdempotencyLock shows a failed or
-- missing acquisition. A key that produced two bookings is the server's own record that its
-- idempotency check did not hold; without request timings the confidence stays lower.
WITH hits AS (
  SELECT p.*
  FROM rr_pair p
  WHERE p.a_req IS NULL AND p.b_req IS NULL
    AND p.a_key IS NOT NULL AND p.a_key = p.b_key
    AND p.gap_ms <= $race_max_gap_ms
  QUALIFY row_number() OVER (PARTITION BY p.bucket_id ORDER BY p.b_seq) = 1
),
locks AS (
  SELECT h.bucket_id, coalesce(k.lock_rows, 0) AS lock_rows, coalesce(k.acquired, 0) AS acquired,
    coalesce(k.failed, 0) AS failed
  FROM hits h LEFT JOIN rr_key_lock k ON k.key = h.a_key
)
SELECT h.bucket_id, 0.8 AS confidence,
  list_value(
    struct_pack(kind := 'shared-key', detail := printf(
      'reservations %s and %s both store Idempotency-Key %s and were created %s apart', h.a_id, h.b_id, h.a_key, rr_dur(h.gap_ms))),
    struct_pack(kind := 'lock', detail := CASE
      WHEN l.lock_rows = 0 THEN printf('no IdempotencyLock row exists for key %s', h.a_key)
      ELSE printf('IdempotencyLock for key %s: %d acquisition(s) failed, %d succeeded', h.a_key, l.failed, l.acquired) END),
    struct_pack(kind := 'no-logs', detail := 'the gateway log has no rows for these requests, so their overlap cannot be shown')
  ) AS evidence
FROM hits h JOIN locks l USING (bucket_id)
WHERE l.failed > 0 OR l.lock_rows < 2
