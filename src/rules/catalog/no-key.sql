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
-- rooms under one name looks like; the request log does not tell them apart. The payments can:
-- a checkout pays for what it booked, every room by a charge of its own made in one go (or one
-- payment for all, which the one-checkout rule reads), while a re-sent booking is paid as the
-- client learns of it. So the doubt is dropped when
--   * a booking carries no payment at all while each charged one carries exactly one stay's
--     price (the client never heard of the unpaid one, or paid only once), or
--   * every booking carries one stay's price, all charged after the last booking was made (not
--     inside each booking request), and two charges in a row came more than
--     max_cart_charge_gap_ms apart: no checkout charges its rooms that slowly.
-- A split or converted payment, or no payment at all, settles nothing: the doubt stays.
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
),
charges AS (
  SELECT m.bucket_id, m.id AS reservation_id, p.created_at AS charged_at,
    coalesce(p.currency = m.currency AND p.amount = CASE WHEN u.nightly
      THEN m.rate_amount * date_diff('day', m.check_in, m.check_out) ELSE m.rate_amount END, false) AS one_stay,
    epoch_ms(p.created_at)
      - epoch_ms(lag(p.created_at) OVER (PARTITION BY m.bucket_id ORDER BY p.created_at, p.id)) AS gap_ms
  FROM rr_member m
  CROSS JOIN rr_rate_unit u
  JOIN payment p ON p.reservation_id = m.id
  WHERE m.bucket_size >= 2
),
booked AS (
  SELECT bucket_id, max(created_at) AS last_booked,
    string_agg(id, ', ' ORDER BY seq) FILTER (WHERE id NOT IN (SELECT reservation_id FROM charges)) AS unpaid
  FROM rr_member
  WHERE bucket_size >= 2
  GROUP BY bucket_id
),
resent AS (
  SELECT k.bucket_id,
    CASE
      WHEN k.unpaid IS NOT NULL AND count(c.reservation_id) > 0 AND bool_and(c.one_stay) THEN printf(
        '%s carries no payment while each charged booking carries one stay''s price: a checkout pays every room it books, '
        || 'a re-sent request leaves a booking the client never heard of unpaid', k.unpaid)
      WHEN k.unpaid IS NULL AND bool_and(c.one_stay) AND min(c.charged_at) > k.last_booked
        AND max(c.gap_ms) > $max_cart_charge_gap_ms THEN printf(
        'each booking carries one stay''s price, charged after the last booking was made, and two charges came %s apart: '
        || 'a checkout charges its rooms in one go, copies are paid one by one', rr_dur(max(c.gap_ms)))
    END AS detail
  FROM booked k
  LEFT JOIN charges c USING (bucket_id)
  GROUP BY k.bucket_id, k.unpaid, k.last_booked
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
      WHEN b.keyed = 0 AND b.in_session = b.n AND b.sessions = 1 AND g.max_step <= $max_checkout_step_ms THEN r.detail END))
  ) AS evidence,
  CASE WHEN b.keyed = 0 AND b.in_session = b.n AND b.sessions = 1 AND g.max_step <= $max_checkout_step_ms
    AND r.detail IS NULL THEN printf(
    'the %d keyless requests came back to back in one session (correlation id %s): a client library re-sending looks like this, '
    || 'and so does a checkout of %d rooms under the booker''s name; no log tells the two apart',
    b.n, b.correlation_id, b.n) END AS doubt
FROM b JOIN g USING (bucket_id) JOIN first_req f USING (bucket_id) JOIN resent r USING (bucket_id)
WHERE b.keyed < b.n AND b.distinct_keys = b.keyed AND b.linked >= 1 AND g.retries = g.pairs
