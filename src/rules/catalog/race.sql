-- RACE: consecutive copies whose creating requests carried the same Idempotency-Key and ran at
-- the same time. Two clocks can say so:
--   * the gateway's: the intervals in api_logs overlap (the second began before the first ended);
--   * the database's (rr_key_db): another request's lock attempt made while the key's lock was
--     held (failed, or a second acquisition), a failed acquisition at all, or an IdempotencyRecord
--     counting several attempts for bookings committed within race_max_gap_ms of each other.
-- Gateway hosts' clocks drift from the database's and two concurrent requests may pass different
-- hosts, so an overlap in the log can vanish or appear (root-causes.md, "Clocks that disagree").
-- Inside one booking service the database's records are the reference: a race the log hides is
-- still a race, and the evidence says the database's clock decided; an overlap the log shows
-- while the lock rows show one request after the other is doubted.
WITH hits AS (
  -- Logged apart: the gap between one interval's end and the other's start, whichever came first.
  SELECT p.*, epoch_ms(p.b_ts) - epoch_ms(p.a_ts) AS start_gap_ms,
    greatest(epoch_ms(p.b_ts) - epoch_ms(p.a_end), epoch_ms(p.a_ts) - epoch_ms(p.b_end)) AS apart_ms,
    p.b_ts < p.a_end + to_milliseconds($race_overlap_slack_ms)
      AND p.a_ts < p.b_end + to_milliseconds($race_overlap_slack_ms) AS log_overlap
  FROM rr_pair p
  WHERE p.a_key IS NOT NULL AND p.a_key = p.b_key
    AND p.a_ts IS NOT NULL AND p.b_ts IS NOT NULL
),
judged AS (
  SELECT h.*, coalesce(d.lock_rows, 0) AS lock_rows, coalesce(d.acquired, 0) AS acquired,
    coalesce(d.failed, 0) AS failed, d.holder, d.contender, d.contender_acquired, d.contend_after_ms,
    d.held_until, d.handed_from, d.handed_to, d.handover_after_ms, coalesce(d.record_attempts, 0) AS record_attempts,
    (d.contender IS NOT NULL AND (d.held_until IS NOT NULL OR d.contend_after_ms <= $race_max_gap_ms)) AS lock_overlap,
    (coalesce(d.record_attempts, 0) >= 2 AND h.gap_ms <= $race_max_gap_ms) AS record_overlap
  FROM hits h LEFT JOIN rr_key_db d ON d.key = h.a_key
),
decided AS (
  SELECT *, lock_overlap OR record_overlap OR failed > 0 AS db_concurrent
  FROM judged
  WHERE log_overlap OR lock_overlap OR record_overlap OR failed > 0
  QUALIFY row_number() OVER (PARTITION BY bucket_id ORDER BY b_seq) = 1
),
conflicts AS (
  SELECT h.bucket_id, count(q.log_id) AS n409
  FROM decided h LEFT JOIN rr_req q ON q.idempotency_key = h.a_key AND q.status = 409
  GROUP BY h.bucket_id
)
SELECT h.bucket_id,
  CASE
    WHEN h.log_overlap AND h.db_concurrent THEN 0.97
    WHEN h.log_overlap AND h.handed_to IS NOT NULL THEN 0.6
    WHEN h.log_overlap AND h.lock_rows < 2 THEN 0.97
    WHEN h.log_overlap THEN 0.9
    WHEN h.lock_overlap THEN 0.93
    WHEN h.record_overlap THEN 0.9
    ELSE 0.85
  END * CASE WHEN c.n409 > 0 THEN 0.9 ELSE 1 END AS confidence,
  list_value(
    struct_pack(kind := 'shared-key', detail := printf(
      'requests %s and %s carried the same Idempotency-Key %s and each created a booking (%s, %s)',
      h.a_req, h.b_req, h.a_key, h.a_id, h.b_id)),
    -- The copy's request may have begun first (it began first and committed second, or the two
    -- gateway hosts' clocks disagree): then it is told as beginning before, never "-95 ms after".
    struct_pack(kind := 'request-overlap', detail := CASE
      WHEN NOT h.log_overlap THEN NULL
      WHEN h.start_gap_ms >= 0 AND h.b_ts < h.a_end THEN printf(
        '%s began %s after %s, which ran for %s: the two requests overlapped',
        h.b_req, rr_dur(h.start_gap_ms), h.a_req, rr_dur(h.a_duration))
      WHEN h.start_gap_ms < 0 AND h.a_ts < h.b_end THEN printf(
        '%s began %s before %s and ran for %s: the two requests overlapped',
        h.b_req, rr_dur(-h.start_gap_ms), h.a_req, rr_dur(epoch_ms(h.b_end) - epoch_ms(h.b_ts)))
      ELSE printf(
        '%s and %s were logged %s apart, within the %s allowed for gateway hosts'' clocks: counted as overlapping',
        h.a_req, h.b_req, rr_dur(h.apart_ms), rr_dur($race_overlap_slack_ms))
    END),
    struct_pack(kind := 'clock', detail := CASE
      WHEN NOT h.log_overlap THEN printf(
        'the gateway log shows %s, not overlapping; %s: the database''s clock decides',
        CASE WHEN h.b_ts >= h.a_end THEN printf('%s beginning %s after %s ended', h.b_req, rr_dur(h.apart_ms), h.a_req)
          ELSE printf('%s ending %s before %s began', h.b_req, rr_dur(h.apart_ms), h.a_req) END,
        CASE
          WHEN h.lock_overlap THEN 'the database''s IdempotencyLock rows show that ' || rr_contention(
            h.contender, h.contender_acquired, h.contend_after_ms, h.holder, h.a_key, h.held_until)
          WHEN h.record_overlap THEN printf(
            'the database''s IdempotencyRecord for key %s counts %d attempts and its bookings were created %s apart',
            h.a_key, h.record_attempts, rr_dur(h.gap_ms))
          ELSE printf(
            'the database''s IdempotencyLock rows show %d failed acquisition(s) on key %s: the lock was held when another request tried it',
            h.failed, h.a_key)
        END)
      WHEN NOT h.db_concurrent AND h.handed_to IS NOT NULL THEN printf(
        'the gateway log shows the requests overlapping, but the database''s IdempotencyLock rows show %s acquiring the lock on %s %s after %s released it: by the database''s clock one ran after the other',
        coalesce(h.handed_to, 'a second request'), h.a_key, rr_dur(h.handover_after_ms), coalesce(h.handed_from, 'the first request'))
    END),
    struct_pack(kind := 'lock', detail := CASE
      WHEN h.lock_rows = 0 THEN printf('no IdempotencyLock row exists for key %s: the lock was never taken', h.a_key)
      WHEN h.lock_overlap AND h.log_overlap THEN printf(
        'IdempotencyLock for key %s: %d acquisition(s) failed and %d succeeded; %s, yet both requests went on',
        h.a_key, h.failed, h.acquired,
        rr_contention(h.contender, h.contender_acquired, h.contend_after_ms, h.holder, h.a_key, h.held_until))
      WHEN h.failed > 0 THEN printf('IdempotencyLock for key %s: %d acquisition(s) failed and %d succeeded, yet both requests went on',
        h.a_key, h.failed, h.acquired)
      WHEN h.lock_rows < 2 THEN printf('IdempotencyLock for key %s has %d row(s) for two concurrent requests: one acquisition is missing',
        h.a_key, h.lock_rows)
      ELSE printf('IdempotencyLock for key %s shows %d acquired rows: the lock did not exclude the second request', h.a_key, h.acquired)
    END),
    struct_pack(kind := 'record', detail := CASE WHEN h.record_attempts >= 2 THEN printf(
      'IdempotencyRecord for key %s counts %d attempts', h.a_key, h.record_attempts) END),
    struct_pack(kind := 'no-409', detail := CASE WHEN c.n409 = 0
      THEN printf('no 409 was returned for key %s', h.a_key)
      ELSE printf('%d request(s) with key %s did get a 409, but not these two', c.n409, h.a_key) END)
  ) AS evidence,
  CASE WHEN h.log_overlap AND NOT h.db_concurrent AND h.handed_to IS NOT NULL THEN printf(
    'the gateway log says requests %s and %s overlapped, the database''s lock rows say %s took the lock on %s only after it was released: '
    || 'the gateway''s clocks may have drifted, and a key reused after its record expired looks like this too',
    h.a_req, h.b_req, coalesce(h.handed_to, 'the second'), h.a_key) END AS doubt
FROM decided h JOIN conflicts c USING (bucket_id)
