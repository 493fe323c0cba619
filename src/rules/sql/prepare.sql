-- Prepares what every rule reads, as temp tables in the warehouse session:
--   rr_quarantine  rows of the window the rules cannot judge, with the reason
--   rr_res         active reservations in a look-alike group (same normalised email, dates, room type)
--   rr_req         the booking endpoint's creating requests (POST) that may belong to them
--   rr_link        reservation -> the request that created it, and how the link was made
--   rr_member      one row per reservation with its bucket (group + occupant) and its creating request
-- Parameters: $from, $to (the window), $link_slack_ms (slack when linking by time).

CREATE OR REPLACE TEMP TABLE rr_quarantine AS
SELECT 'Reservation' AS table_name, id AS row_id, reason
FROM (
  SELECT id,
    CASE
      WHEN guest_email IS NULL OR trim(guest_email) = '' THEN 'no guest email'
      WHEN check_in IS NULL OR check_out IS NULL THEN 'no check-in or check-out date'
      WHEN check_out <= check_in THEN 'check-out not after check-in'
      WHEN room_type_id IS NULL OR trim(room_type_id) = '' THEN 'no room type'
      WHEN status IS NULL OR status NOT IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW')
        THEN 'unknown status ' || coalesce('"' || status || '"', 'NULL')
    END AS reason
  FROM reservation
  WHERE created_at >= $from::TIMESTAMPTZ AND created_at < $to::TIMESTAMPTZ
) q
WHERE reason IS NOT NULL;

-- Active reservations the rules can judge, narrowed to the grouping key, then the groups of two
-- or more with one member created in the window. Only the groups' members are read in full: a
-- night's sets are a few percent of the bookings.
CREATE OR REPLACE TEMP TABLE rr_active AS
SELECT id, lower(trim(guest_email)) AS email_key, check_in, check_out, room_type_id,
  created_at >= $from::TIMESTAMPTZ AND created_at < $to::TIMESTAMPTZ AS in_window
FROM reservation
WHERE status IN ('PENDING', 'CONFIRMED')
  AND guest_email IS NOT NULL AND trim(guest_email) <> ''
  AND check_in IS NOT NULL AND check_out > check_in
  AND room_type_id IS NOT NULL AND trim(room_type_id) <> ''
  AND created_at IS NOT NULL;

CREATE OR REPLACE TEMP TABLE rr_group AS
SELECT email_key, check_in, check_out, room_type_id,
  substr(md5(email_key || '|' || check_in || '|' || check_out || '|' || room_type_id), 1, 16) AS group_id
FROM rr_active
GROUP BY ALL
HAVING count(*) >= 2 AND bool_or(in_window);

-- The occupant splits a group into intended bookings: a copy repeats the same payload, so the
-- same name; a room booked on purpose for someone else carries another name. Missing names
-- fall into one bucket ('') and the rules lower their confidence for it.
CREATE OR REPLACE TEMP TABLE rr_res AS
SELECT r.id, r.idempotency_key, r.created_at, r.rate_amount, r.currency, r.property_id, r.guest_name,
  r.confirmation_number, r.guest_email, r.status, g.email_key, g.check_in, g.check_out, g.room_type_id,
  g.group_id, coalesce(regexp_replace(lower(trim(r.guest_name)), '\s+', ' ', 'g'), '') AS occupant
FROM rr_active a
JOIN rr_group g USING (email_key, check_in, check_out, room_type_id)
JOIN reservation r ON r.id = a.id;

-- Every creating request (POST on the collection) from a day before the window to its end, read
-- once: linking, the clients' retry habits and the conformance figures all start from here.
CREATE OR REPLACE TEMP TABLE rr_post AS
SELECT l.id AS log_id, l.ts, l.ts + to_milliseconds(coalesce(l.duration, 0)) AS ends_at, l.request_id,
  l.correlation_id, l.idempotency_key, lower(trim(l.guest_email)) AS email_key, l.client_id, l.status,
  l.duration, l.error,
  CASE WHEN l.status BETWEEN 200 AND 299 THEN json_extract_string(l.response, '$.id') END AS response_id
FROM api_log l
WHERE l.method = 'POST' AND l.endpoint IN ('/api/v1/reservations', '/api/v1/reservations/')
  AND l.ts >= $from::TIMESTAMPTZ - INTERVAL 1 DAY;

-- Creating requests that may belong to the groups' reservations: by email, or by a response
-- naming one of them (the gateway may not log the email).
CREATE OR REPLACE TEMP TABLE rr_req AS
SELECT p.*
FROM rr_post p
WHERE p.email_key IN (SELECT DISTINCT email_key FROM rr_res)
   OR p.response_id IN (SELECT id FROM rr_res);

-- Link each reservation to its creating request:
--  1. a 2xx response naming it (the earliest one: later ones are idempotent replays);
--  2. a request that returned no id (timed out, hung up, failed upstream) with the same key,
--     whose interval [timestamp, timestamp + duration] (plus slack) holds createdAt;
--  3. the same by email and time alone.
CREATE OR REPLACE TEMP TABLE rr_link AS
WITH candidates AS (
  SELECT r.id AS reservation_id, q.log_id, 1 AS priority, 'response-id' AS link_method, epoch_us(q.ts) AS order_key
  FROM rr_res r JOIN rr_req q ON q.response_id = r.id
  UNION ALL
  SELECT r.id, q.log_id,
    CASE WHEN r.idempotency_key IS NOT NULL AND q.idempotency_key = r.idempotency_key THEN 2 ELSE 3 END,
    CASE WHEN r.idempotency_key IS NOT NULL AND q.idempotency_key = r.idempotency_key
      THEN 'key-and-time' ELSE 'email-and-time' END,
    -epoch_us(q.ts)
  FROM rr_res r JOIN rr_req q
    ON q.email_key = r.email_key
   AND q.response_id IS NULL
   AND (q.status IS NULL OR q.status = 499 OR q.status >= 500)
   AND r.created_at >= q.ts - to_milliseconds($link_slack_ms)
   AND r.created_at <= q.ends_at + to_milliseconds($link_slack_ms)
   AND (r.idempotency_key IS NULL OR q.idempotency_key IS NULL OR q.idempotency_key = r.idempotency_key)
)
SELECT reservation_id, log_id, link_method
FROM candidates
QUALIFY row_number() OVER (PARTITION BY reservation_id ORDER BY priority, order_key, log_id) = 1;

CREATE OR REPLACE TEMP TABLE rr_member AS
SELECT r.id, r.group_id, r.group_id || substr(md5(r.occupant), 1, 8) AS bucket_id, r.occupant, r.email_key,
  r.guest_name, r.created_at, r.idempotency_key AS res_key, r.rate_amount, r.currency, r.property_id,
  r.confirmation_number, r.guest_email, r.status, r.check_in, r.check_out, r.room_type_id,
  k.link_method, q.log_id, q.request_id, q.ts AS req_ts, q.ends_at AS req_end, q.status AS req_status,
  q.duration AS req_duration, q.error AS req_error, q.idempotency_key AS req_key, q.client_id, q.correlation_id,
  coalesce(q.idempotency_key, r.idempotency_key) AS any_key,
  row_number() OVER (PARTITION BY r.group_id, r.occupant ORDER BY r.created_at, r.id)::INTEGER AS seq,
  count(*) OVER (PARTITION BY r.group_id, r.occupant)::INTEGER AS bucket_size
FROM rr_res r
LEFT JOIN rr_link k ON k.reservation_id = r.id
LEFT JOIN rr_req q ON q.log_id = k.log_id;

-- IdempotencyLock rows per key of the members: how the lock behaved for a key that created
-- more than one booking.
CREATE OR REPLACE TEMP TABLE rr_key_lock AS
SELECT l.key,
  count(*) AS lock_rows,
  count(*) FILTER (WHERE l.acquired) AS acquired,
  count(*) FILTER (WHERE NOT l.acquired) AS failed
FROM idempotency_lock l
WHERE l.key IN (SELECT any_key FROM rr_member WHERE any_key IS NOT NULL AND bucket_size >= 2)
GROUP BY l.key;

-- How long each client waits before it tries again, as the log shows it: the time from the end
-- of a request that failed (5xx, 499, no status, 409) to the same client's next POST for the
-- same guest within the hour. Retry policies differ (a second for an HTTP library, minutes for
-- a channel manager's queue), so a fixed gap cannot tell a retry from a new submission.
CREATE OR REPLACE TEMP TABLE rr_client_retry AS
WITH failed AS (
  SELECT DISTINCT client_id, email_key
  FROM rr_post
  WHERE client_id IS NOT NULL AND email_key IS NOT NULL
    AND (status IS NULL OR status = 499 OR status >= 500 OR status = 409)
),
followed AS (
  SELECT p.client_id, p.status, p.ends_at,
    lead(p.ts) OVER (PARTITION BY p.client_id, p.email_key ORDER BY p.ts) AS next_ts
  FROM rr_post p
  SEMI JOIN failed f ON f.client_id = p.client_id AND f.email_key = p.email_key
)
SELECT client_id, count(*) AS retries_seen,
  quantile_cont(epoch_ms(next_ts) - epoch_ms(ends_at), 0.9) AS retry_reach_ms
FROM followed
WHERE (status IS NULL OR status = 499 OR status >= 500 OR status = 409)
  AND next_ts >= ends_at AND next_ts < ends_at + INTERVAL 1 HOUR
GROUP BY client_id
HAVING count(*) >= $min_retries_seen;

-- Pairs of consecutive members of a bucket with more than one member: what most rules compare.
CREATE OR REPLACE TEMP TABLE rr_pair AS
SELECT a.bucket_id, a.id AS a_id, b.id AS b_id,
  a.request_id AS a_req, b.request_id AS b_req, a.req_ts AS a_ts, b.req_ts AS b_ts, a.req_end AS a_end,
  a.req_status AS a_status, a.req_duration AS a_duration, a.req_error AS a_error,
  a.link_method AS a_link, b.link_method AS b_link, a.req_key AS a_req_key, b.req_key AS b_req_key,
  a.any_key AS a_key, b.any_key AS b_key, a.client_id AS a_client, b.client_id AS b_client,
  a.created_at AS a_created, b.created_at AS b_created, a.rate_amount AS a_rate, b.rate_amount AS b_rate,
  a.currency, epoch_ms(b.created_at) - epoch_ms(a.created_at) AS gap_ms, b.seq AS b_seq,
  a.correlation_id AS a_corr, b.correlation_id AS b_corr,
  (a.correlation_id IS NOT NULL AND a.correlation_id = b.correlation_id) AS same_session,
  (a.correlation_id IS NOT NULL AND b.correlation_id IS NOT NULL AND a.correlation_id <> b.correlation_id) AS other_session,
  cr.retry_reach_ms AS client_retry_reach_ms, cr.retries_seen AS client_retries_seen
FROM rr_member a
JOIN rr_member b ON b.bucket_id = a.bucket_id AND b.seq = a.seq + 1
LEFT JOIN rr_client_retry cr ON cr.client_id = b.client_id AND b.client_id IS NOT DISTINCT FROM a.client_id
WHERE a.bucket_size >= 2;

-- A duration for people: "1.4 s", "12 min", "3.2 h".
CREATE OR REPLACE TEMP MACRO rr_dur(ms) AS
  CASE
    WHEN ms IS NULL THEN 'an unknown time'
    WHEN abs(ms) < 1000 THEN printf('%d ms', ms::BIGINT)
    WHEN abs(ms) < 120000 THEN printf('%.1f s', ms / 1000.0)
    WHEN abs(ms) < 7200000 THEN printf('%d min', (ms / 60000)::BIGINT)
    ELSE printf('%.1f h', ms / 3600000.0)
  END;

-- How a request ended, in words: "504 (upstream timeout)", "no status (client closed request)".
CREATE OR REPLACE TEMP MACRO rr_outcome(status, error) AS
  coalesce(CAST(status AS VARCHAR), 'no status') || coalesce(' (' || error || ')', '');
