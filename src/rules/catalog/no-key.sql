-- NO_KEY: every copy's creating request carried no Idempotency-Key (and no member stores one),
-- consecutive members came within a retry's reach (library retries: about a second; a person
-- clicking again: seconds to a minute), and none of the requests failed first (that would be
-- TIMEOUT_RETRY, which takes precedence).
WITH b AS (
  SELECT bucket_id, count(*) AS n, count(log_id) AS linked, count(any_key) AS keyed,
    count(DISTINCT client_id) AS clients, min(client_id) AS client
  FROM rr_member
  WHERE bucket_size >= 2
  GROUP BY bucket_id
),
g AS (
  SELECT bucket_id, max(gap_ms) AS max_gap,
    list(struct_pack(kind := 'retry-gap', detail := printf(
      '%s came %s after %s%s',
      coalesce(b_req, 'the request of ' || b_id), rr_dur(gap_ms), coalesce(a_req, 'the request of ' || a_id),
      CASE WHEN b_client IS NOT DISTINCT FROM a_client AND b_client IS NOT NULL
        THEN ' from the same client ' || b_client ELSE '' END))
      ORDER BY b_seq) AS gaps
  FROM rr_pair
  GROUP BY bucket_id
),
first_req AS (
  SELECT bucket_id, request_id FROM rr_member WHERE bucket_size >= 2 AND seq = 1
)
SELECT b.bucket_id,
  CASE
    WHEN b.linked < b.n THEN 0.75
    WHEN g.max_gap <= $fast_retry_gap_ms THEN 0.95
    ELSE 0.9
  END * CASE WHEN b.clients > 1 THEN 0.85 ELSE 1 END AS confidence,
  list_concat(
    list_value(struct_pack(kind := 'missing-key', detail := CASE
      WHEN b.linked = b.n THEN printf('none of the %d creating requests carried an Idempotency-Key (first: %s)', b.n, f.request_id)
      ELSE printf('%d of %d creating requests found in the gateway log, none with an Idempotency-Key; no reservation stores a key',
        b.linked, b.n) END)),
    g.gaps,
    list_value(struct_pack(kind := 'no-timeout', detail := printf(
      'no request before the copies failed or timed out; the copies span %s', rr_dur(g.max_gap))))
  ) AS evidence
FROM b JOIN g USING (bucket_id) JOIN first_req f USING (bucket_id)
WHERE b.keyed = 0 AND b.linked >= 1 AND g.max_gap <= $max_retry_gap_ms
