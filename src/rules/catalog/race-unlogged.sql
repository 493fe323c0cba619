-- RACE where the gateway log lacks a request of the pair: the reservations carry one
-- Idempotency-Key and only the database's own records (rr_key_db, its clock) can show the
-- requests ran at once: another request's lock attempt made while the key's lock was held, a
-- failed acquisition, or an IdempotencyRecord counting several attempts for bookings committed
-- within race_max_gap_ms. A shared key with nothing more (one request or none in the log, one
-- lock row or none, one attempt) is not yet a race: a key reused after its record expired, or a
-- booking written twice by one request, leaves the same trace. Such a set is still reported as
-- the likely race, with a doubt and a confidence no bulk approval accepts.
WITH hits AS (
  SELECT p.*
  FROM rr_pair p
  WHERE (p.a_req IS NULL OR p.b_req IS NULL)
    AND p.a_key IS NOT NULL AND p.a_key = p.b_key
),
judged AS (
  SELECT h.*, coalesce(d.lock_rows, 0) AS lock_rows, coalesce(d.acquired, 0) AS acquired,
    coalesce(d.failed, 0) AS failed, d.holder, d.contender, d.contender_acquired, d.contend_after_ms,
    d.held_until, coalesce(d.record_attempts, 0) AS record_attempts,
    (d.contender IS NOT NULL AND (d.held_until IS NOT NULL OR d.contend_after_ms <= $race_max_gap_ms)) AS lock_overlap,
    (coalesce(d.record_attempts, 0) >= 2 AND h.gap_ms <= $race_max_gap_ms) AS record_overlap,
    (h.a_req IS NOT NULL)::INTEGER + (h.b_req IS NOT NULL)::INTEGER AS logged
  FROM hits h LEFT JOIN rr_key_db d ON d.key = h.a_key
),
decided AS (
  SELECT *, lock_overlap OR record_overlap OR failed > 0 AS db_concurrent
  FROM judged
  WHERE lock_overlap OR gap_ms <= $race_max_gap_ms
  QUALIFY row_number() OVER (PARTITION BY bucket_id ORDER BY b_seq) = 1
)
SELECT h.bucket_id,
  CASE
    WHEN h.lock_overlap THEN 0.93
    WHEN h.record_overlap THEN 0.9
    WHEN h.failed > 0 THEN 0.85
    ELSE 0.6
  END AS confidence,
  list_value(
    struct_pack(kind := 'shared-key', detail := printf(
      'reservations %s and %s both store Idempotency-Key %s and were created %s apart', h.a_id, h.b_id, h.a_key, rr_dur(h.gap_ms))),
    struct_pack(kind := 'lock', detail := CASE
      WHEN h.lock_rows = 0 THEN printf('no IdempotencyLock row exists for key %s', h.a_key)
      WHEN h.lock_overlap THEN printf(
        'the database''s IdempotencyLock rows show that %s: the requests ran at once by the database''s clock',
        rr_contention(h.contender, h.contender_acquired, h.contend_after_ms, h.holder, h.a_key, h.held_until))
      ELSE printf('IdempotencyLock for key %s: %d acquisition(s) failed, %d succeeded', h.a_key, h.failed, h.acquired) END),
    struct_pack(kind := 'record', detail := CASE
      WHEN h.record_overlap THEN printf(
        'the database''s IdempotencyRecord for key %s counts %d attempts, and the bookings were created %s apart by its clock',
        h.a_key, h.record_attempts, rr_dur(h.gap_ms))
      WHEN h.record_attempts > 0 THEN printf('IdempotencyRecord for key %s counts %d attempt(s)', h.a_key, h.record_attempts)
      ELSE printf('no IdempotencyRecord exists for key %s', h.a_key) END),
    struct_pack(kind := 'no-logs', detail := CASE WHEN h.logged = 0
      THEN 'the gateway log has no rows for these requests, so their overlap cannot be shown'
      ELSE printf('the gateway log has only one of the two requests (%s), so their overlap cannot be shown', coalesce(h.a_req, h.b_req)) END)
  ) AS evidence,
  CASE WHEN NOT h.db_concurrent THEN printf(
    'reservations %s and %s share Idempotency-Key %s, but nothing shows two requests running at once: %s, %s, and %s; '
    || 'a key reused after its record expired, or one request''s booking written twice, leaves the same trace',
    h.a_id, h.b_id, h.a_key,
    CASE WHEN h.logged = 0 THEN 'the gateway log has neither request' ELSE 'the gateway log has one request' END,
    CASE WHEN h.lock_rows = 0 THEN 'no lock row' ELSE printf('%d lock row(s), none failed or taken while another was held', h.lock_rows) END,
    CASE WHEN h.record_attempts = 0 THEN 'no IdempotencyRecord' ELSE 'a record of one attempt' END) END AS doubt
FROM decided h
