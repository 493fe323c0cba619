-- RACE: consecutive copies whose creating requests carried the same Idempotency-Key and whose
-- intervals overlap (the second began before the first ended). IdempotencyLock rows and the
-- absence of a 409 are reported as supporting facts and raise the confidence.
WITH hits AS (
  SELECT p.*, epoch_ms(p.b_ts) - epoch_ms(p.a_ts) AS start_gap_ms
  FROM rr_pair p
  WHERE p.a_key IS NOT NULL AND p.a_key = p.b_key
    AND p.a_ts IS NOT NULL AND p.b_ts IS NOT NULL
    AND p.b_ts < p.a_end + to_milliseconds($race_overlap_slack_ms)
  QUALIFY row_number() OVER (PARTITION BY p.bucket_id ORDER BY p.b_seq) = 1
),
locks AS (
  SELECT h.bucket_id, coalesce(k.lock_rows, 0) AS lock_rows, coalesce(k.acquired, 0) AS acquired,
    coalesce(k.failed, 0) AS failed
  FROM hits h LEFT JOIN rr_key_lock k ON k.key = h.a_key
),
conflicts AS (
  SELECT h.bucket_id, count(q.id) AS n409
  FROM hits h LEFT JOIN api_log q ON q.idempotency_key = h.a_key AND q.status = 409
  GROUP BY h.bucket_id
)
SELECT h.bucket_id,
  CASE WHEN l.failed > 0 OR l.lock_rows < 2 THEN 0.97 ELSE 0.9 END
    * CASE WHEN c.n409 > 0 THEN 0.9 ELSE 1 END AS confidence,
  list_value(
    struct_pack(kind := 'shared-key', detail := printf(
      'requests %s and %s carried the same Idempotency-Key %s and each created a booking (%s, %s)',
      h.a_req, h.b_req, h.a_key, h.a_id, h.b_id)),
    struct_pack(kind := 'request-overlap', detail := printf(
      '%s began %s after %s, which ran for %s: the two requests overlapped',
      h.b_req, rr_dur(h.start_gap_ms), h.a_req, rr_dur(h.a_duration))),
    struct_pack(kind := 'lock', detail := CASE
      WHEN l.lock_rows = 0 THEN printf('no IdempotencyLock row exists for key %s: the lock was never taken', h.a_key)
      WHEN l.failed > 0 THEN printf('IdempotencyLock for key %s: %d acquisition(s) failed and %d succeeded, yet both requests went on',
        h.a_key, l.failed, l.acquired)
      WHEN l.lock_rows < 2 THEN printf('IdempotencyLock for key %s has %d row(s) for two concurrent requests: one acquisition is missing',
        h.a_key, l.lock_rows)
      ELSE printf('IdempotencyLock for key %s shows %d acquired rows: the lock did not exclude the second request', h.a_key, l.acquired)
    END),
    struct_pack(kind := 'no-409', detail := CASE WHEN c.n409 = 0
      THEN printf('no 409 was returned for key %s', h.a_key)
      ELSE printf('%d request(s) with key %s did get a 409, but not these two', c.n409, h.a_key) END)
  ) AS evidence
FROM hits h JOIN locks l USING (bucket_id) JOIN conflicts c USING (bucket_id)
