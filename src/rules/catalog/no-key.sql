-- NO_KEY: the copies were re-sent without an Idempotency-Key. Usually no request of the set
-- carried one; in a mixed set the booking was sent with a key and re-sent without one (or the
-- other way round), which is still a retry without a key (no key repeats: that would be RACE or
-- a replay). None failed first (that is TIMEOUT_RETRY, which takes precedence), and each copy
-- came within a retry's reach of the one before:
--   * within max_retry_gap_ms (library retries: about a second; a person clicking again:
--     seconds to a minute), or
--   * in the same session (one correlation id), up to max_client_retry_gap_ms, or
--   * within the retry delay this client shows after failures elsewhere in the log (a channel
--     manager's queue retries after minutes), up to max_client_retry_gap_ms, unless the two
--     requests carry different correlation ids (two sessions: a new submission, not a retry).
-- Honest doubt: keyless requests in one session, back to back (within max_checkout_step_ms),
-- are what a client library's retry looks like, and also what a keyless checkout of several
-- rooms under one name looks like; the request log does not tell them apart. The payments can
-- (rr_bucket_pay, prepare.sql): a copy left unpaid, or one-stay charges made seconds apart as
-- the client learnt of each booking, settle it; charges made in one go keep the doubt.
WITH b AS (
  SELECT bucket_id, count(*) AS n, count(log_id) AS linked, count(any_key) AS keyed,
    count(DISTINCT any_key) AS distinct_keys, string_agg(any_key, ', ' ORDER BY seq) AS keys,
    count(DISTINCT client_id) AS clients, count(correlation_id) AS in_session,
    count(DISTINCT correlation_id) AS sessions, min(correlation_id) AS correlation_id
  FROM rr_member
  WHERE bucket_size >= 2
  GROUP BY bucket_id
),
pairs AS (
  SELECT p.*,
    CASE
      WHEN p.gap_ms <= $max_retry_gap_ms THEN 'gap'
      WHEN p.same_session AND p.gap_ms <= $max_client_retry_gap_ms THEN 'session'
      WHEN NOT p.other_session AND p.client_retry_reach_ms IS NOT NULL
        AND p.gap_ms <= least(p.client_retry_reach_ms * 1.25, $max_client_retry_gap_ms) THEN 'client-habit'
    END AS retry_reason
  FROM rr_pair p
),
g AS (
  SELECT bucket_id, max(gap_ms) AS max_gap, count(*) AS pairs, count(retry_reason) AS retries,
    max(epoch_ms(b_ts) - epoch_ms(a_end)) AS max_step,
    bool_or(retry_reason <> 'gap') AS slow,
    list(struct_pack(kind := 'retry-gap', detail := printf(
      '%s came %s after %s%s%s',
      coalesce(b_req, 'the request of ' || b_id), rr_dur(gap_ms), coalesce(a_req, 'the request of ' || a_id),
      CASE WHEN b_client IS NOT DISTINCT FROM a_client AND b_client IS NOT NULL
        THEN ' from the same client ' || b_client ELSE '' END,
      CASE retry_reason
        WHEN 'session' THEN printf(', in the same session (correlation id %s)', a_corr)
        WHEN 'client-habit' THEN printf('; %s retries up to %s after a failure (%d retries seen)',
          b_client, rr_dur(client_retry_reach_ms), client_retries_seen)
        ELSE '' END))
      ORDER BY b_seq) AS gaps
  FROM pairs
  GROUP BY bucket_id
),
first_req AS (
  SELECT bucket_id, request_id FROM rr_member WHERE bucket_size >= 2 AND seq = 1
)
SELECT b.bucket_id,
  CASE
    WHEN b.linked < b.n THEN 0.75
    WHEN g.max_gap <= $fast_retry_gap_ms THEN 0.95
    WHEN g.slow THEN 0.85
    ELSE 0.9
  END * CASE WHEN b.clients > 1 THEN 0.85 ELSE 1 END
    * CASE WHEN b.keyed > 0 THEN 0.85 ELSE 1 END AS confidence,
  list_concat(
    list_value(struct_pack(kind := 'missing-key', detail := CASE
      WHEN b.keyed > 0 THEN printf(
        'mixed keys: %d of %d creating requests carried an Idempotency-Key (%s), the others none, so the server could not tie the re-send to the booking',
        b.keyed, b.n, b.keys)
      WHEN b.linked = b.n THEN printf('none of the %d creating requests carried an Idempotency-Key (first: %s)', b.n, f.request_id)
      ELSE printf('%d of %d creating requests found in the gateway log, none with an Idempotency-Key; no reservation stores a key',
        b.linked, b.n) END)),
    g.gaps,
    list_value(struct_pack(kind := 'no-timeout', detail := printf(
      'no request before the copies failed or timed out; the copies span %s', rr_dur(g.max_gap)))),
    list_value(struct_pack(kind := 'paid-as-copies', detail := CASE
      WHEN b.keyed = 0 AND b.in_session = b.n AND b.sessions = 1 AND g.max_step <= $max_checkout_step_ms THEN r.paid_as_copies END))
  ) AS evidence,
  CASE WHEN b.keyed = 0 AND b.in_session = b.n AND b.sessions = 1 AND g.max_step <= $max_checkout_step_ms
    AND r.paid_as_copies IS NULL THEN printf(
    'the %d keyless requests came back to back in one session (correlation id %s): a client library re-sending looks like this, '
    || 'and so does a checkout of %d rooms under the booker''s name; no log tells the two apart',
    b.n, b.correlation_id, b.n) END AS doubt
FROM b JOIN g USING (bucket_id) JOIN first_req f USING (bucket_id) JOIN rr_bucket_pay r USING (bucket_id)
WHERE b.keyed < b.n AND b.distinct_keys = b.keyed AND b.linked >= 1 AND g.retries = g.pairs
