-- Since when the warehouse holds the booking requests that retention has not let go: the
-- earlier of its log horizon (log_horizon: a backfill reads from its window's start, retention
-- moves it forward) and the last retention cut (log_retention). NULL while retention has never
-- let a request go: a booking older than a backfill's window had its requests never read, not
-- let go. The one answer for aged-out evidence (aged-out.sql) and the run's warnings.
SELECT CASE WHEN r.let_go_before IS NOT NULL
            THEN iso(least(coalesce(h.logs_from, r.let_go_before), r.let_go_before)) END AS logs_from
FROM (SELECT min(logs_from) AS logs_from FROM log_horizon) h,
     (SELECT max(let_go_before) AS let_go_before FROM log_retention) r
