-- MISSING_DEDUP: identical booking data accepted twice with different keys or none. Spaced
-- further apart than a retry it is the classic case (channel re-deliveries, a guest submitting
-- again later); within a retry's reach but under fresh keys it is a client minting a key per
-- call, which the server should still have caught: reported with lower confidence.
WITH b AS (
  SELECT bucket_id, count(*) AS n, count(log_id) AS linked, count(any_key) AS keyed,
    count(DISTINCT any_key) AS distinct_keys, count(DISTINCT rate_amount) AS rates,
    min(rate_amount) AS rate, min(currency) AS currency,
    string_agg(coalesce(any_key, 'none'), ', ' ORDER BY seq) AS keys,
    count(*) FILTER (WHERE req_status BETWEEN 200 AND 299) AS succeeded
  FROM rr_member
  WHERE bucket_size >= 2
  GROUP BY bucket_id
),
g AS (
  SELECT bucket_id, min(gap_ms) AS min_gap, max(gap_ms) AS max_gap, bool_and(same_session) AS one_checkout,
    bool_or(other_session) AS two_sessions,
    min(a_corr) AS correlation_id
  FROM rr_pair GROUP BY bucket_id
)
SELECT b.bucket_id,
  CASE
    WHEN g.min_gap > $max_retry_gap_ms AND b.linked = b.n THEN 0.9
    WHEN g.min_gap > $max_retry_gap_ms THEN 0.8
    WHEN g.one_checkout THEN 0.5
    ELSE 0.7
  END * CASE WHEN b.rates > 1 THEN 0.85 ELSE 1 END AS confidence,
  list_value(
    struct_pack(kind := 'same-booking', detail := CASE WHEN b.rates = 1
      THEN printf('identical booking data (same dates, room type and rate %s %s) was submitted %d times, %s to %s apart',
        b.currency, CAST(b.rate AS VARCHAR), b.n, rr_dur(g.min_gap), rr_dur(g.max_gap))
      ELSE printf('the same stay was submitted %d times, %s to %s apart, at %d different rates',
        b.n, rr_dur(g.min_gap), rr_dur(g.max_gap), b.rates) END),
    struct_pack(kind := 'different-keys', detail := printf(
      'the submissions carried different keys or none (%s): nothing tied them together', b.keys)),
    struct_pack(kind := 'accepted', detail := CASE WHEN b.linked = b.n
      THEN printf('%d of %d submissions were answered with success: the server accepted the same booking again', b.succeeded, b.n)
      ELSE printf('%d of %d creating requests are in the gateway log; the server accepted every submission', b.linked, b.n) END)
  ) AS evidence,
  -- Each submission with its own key, and nothing shows two separate sessions: rooms bought
  -- together under one name, a key each, look the same (one-checkout did not match: a failure
  -- between them, too slow for a cart, or no session id in the log to tell).
  CASE
    WHEN g.one_checkout AND b.distinct_keys >= 2 THEN printf(
      'the submissions came in one session (correlation id %s), each with its own key, %s apart: '
      || 'rooms booked on purpose under one name look the same',
      g.correlation_id, rr_dur(g.max_gap))
    WHEN b.distinct_keys >= 2 AND NOT g.two_sessions AND g.min_gap <= $max_retry_gap_ms THEN printf(
      'each submission carried its own key, %s to %s apart, and the log shows no session to tell them apart: '
      || 'a client minting a key per call looks like this, and so do rooms booked on purpose under one name',
      rr_dur(g.min_gap), rr_dur(g.max_gap))
  END AS doubt
FROM b JOIN g USING (bucket_id)
WHERE b.linked >= 1
  AND b.distinct_keys = b.keyed
  AND (g.max_gap > $max_retry_gap_ms OR b.distinct_keys >= 2)
