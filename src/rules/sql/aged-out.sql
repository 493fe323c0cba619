-- Members of tonight's buckets whose creating request the warehouse cannot hold: created before
-- its log horizon (log_horizon: since when it holds every booking request; retention moves it
-- forward) give or take the margin a request starts before its booking, and linked to no
-- request, so neither the warehouse kept it nor the extract could read it again from the
-- source. Only members within the rules' reach of the log (a day before the window, as rr_post
-- reads it) count: an older booking's request is not read with complete logs either.
-- Parameters: $from (the window's start), $request_margin_minutes, $logs_from.
-- $logs_from: since when the warehouse holds the requests retention has not let go
-- (logs-let-go.sql); the caller runs this only when retention has let some go.
SELECT m.bucket_id, m.id, iso(m.created_at) AS created_at
FROM rr_member m
WHERE m.bucket_size >= 2
  AND m.log_id IS NULL
  AND m.created_at < $logs_from::TIMESTAMPTZ + to_minutes(CAST($request_margin_minutes AS BIGINT))
  AND m.created_at >= $from::TIMESTAMPTZ - INTERVAL 1 DAY
ORDER BY m.bucket_id, m.seq
