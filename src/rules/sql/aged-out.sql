-- Members of tonight's buckets whose creating request the warehouse cannot hold: created before
-- its log horizon (log_horizon: since when it holds every booking request; retention moves it
-- forward) give or take the margin a request starts before its booking, and linked to no
-- request, so neither the warehouse kept it nor the extract could read it again from the
-- source. Only members within the rules' reach of the log (a day before the window, as rr_post
-- reads it) count: an older booking's request is not read with complete logs either.
-- Parameters: $from (the window's start), $request_margin_minutes.
-- Only requests retention let go count (log_retention): a booking created before a backfill's
-- window had its requests never read, not aged out, and is judged as before.
WITH horizon AS (
  SELECT CASE WHEN r.let_go_before IS NOT NULL THEN least(coalesce(h.logs_from, r.let_go_before), r.let_go_before) END
    AS logs_from
  FROM (SELECT min(logs_from) AS logs_from FROM log_horizon) h,
       (SELECT max(let_go_before) AS let_go_before FROM log_retention) r
)
SELECT m.bucket_id, m.id, iso(m.created_at) AS created_at, iso(h.logs_from) AS logs_from
FROM rr_member m
CROSS JOIN horizon h
WHERE m.bucket_size >= 2
  AND m.log_id IS NULL
  AND m.created_at < h.logs_from + to_minutes(CAST($request_margin_minutes AS BIGINT))
  AND m.created_at >= $from::TIMESTAMPTZ - INTERVAL 1 DAY
ORDER BY m.bucket_id, m.seq
