-- TIMEOUT_RETRY: a copy's earlier member was created by a request that ended without a success
-- reaching the client (5xx, 499, or no status), and a later member's request came after it.
-- No fixed ceiling: whatever cut the request (a 10 s mobile timeout, a 29 s API gateway, a
-- 60 s proxy), the outcome is what counts; the duration is reported beside the ceiling seen
-- for that client, so an engineer can check it.
WITH hits AS (
  SELECT p.*
  FROM rr_pair p
  WHERE p.a_link IN ('key-and-time', 'email-and-time')
    AND (p.a_status IS NULL OR p.a_status = 499 OR p.a_status >= 500)
    AND p.b_ts IS NOT NULL AND p.b_ts > p.a_ts
  QUALIFY row_number() OVER (PARTITION BY p.bucket_id ORDER BY p.b_seq) = 1
),
ceiling AS (
  SELECT client_id, count(*) AS n, median(duration) AS ceiling_ms
  FROM rr_req
  WHERE status IS NULL OR status = 499 OR status IN (502, 504)
  GROUP BY client_id
)
SELECT h.bucket_id,
  CASE
    WHEN h.b_ts < h.a_end THEN 0.75
    WHEN h.b_client IS DISTINCT FROM h.a_client THEN 0.8
    ELSE 0.95
  END AS confidence,
  list_value(
    struct_pack(kind := 'failed-request', detail := printf(
      'request %s from %s ended with %s after %s; reservation %s was created %s into it',
      h.a_req, coalesce(h.a_client, 'an unknown client'), rr_outcome(h.a_status, h.a_error), rr_dur(h.a_duration),
      h.a_id, rr_dur(epoch_ms(h.a_created) - epoch_ms(h.a_ts)))),
    struct_pack(kind := 'retry', detail := printf(
      '%s came %s %s %s, %s, and created %s',
      h.b_req, rr_dur(abs(epoch_ms(h.b_ts) - epoch_ms(h.a_end))),
      CASE WHEN h.b_ts >= h.a_end THEN 'after' ELSE 'before the end of' END, h.a_req,
      CASE WHEN h.b_client IS NOT DISTINCT FROM h.a_client THEN 'from the same client'
        ELSE 'from another client (' || coalesce(h.b_client, 'unknown') || ')' END
        || ' with ' || CASE
          WHEN h.b_req_key IS NULL THEN 'no Idempotency-Key'
          WHEN h.b_req_key = h.a_req_key THEN 'the same Idempotency-Key'
          ELSE 'a new Idempotency-Key' END,
      h.b_id)),
    struct_pack(kind := 'timeout-ceiling', detail := printf(
      '%s''s requests that ended without a response last %s at the median (%d seen); this one lasted %s',
      coalesce(h.a_client, 'the client'), rr_dur(c.ceiling_ms), c.n, rr_dur(h.a_duration)))
  ) AS evidence
FROM hits h
LEFT JOIN ceiling c ON c.client_id IS NOT DISTINCT FROM h.a_client
