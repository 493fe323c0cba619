-- The rest of the preparation, once rr_occupant is loaded (see prepare-groups.sql).
-- Parameters: $from, $to, $link_slack_ms, $late_commit_max_ms, $link_clock_tolerance_ms,
-- $min_retries_seen, and the model's answers (src/model/sql-params.ts): $create_method,
-- $create_paths, $whole_charge_statuses.
-- The occupant splits a group into intended bookings: a copy repeats the same payload, so the
-- same guest; a room booked on purpose for someone else carries another name. rr_occupant holds
-- each group's names as written with the guest they stand for. Missing names fall into one
-- bucket ('') and the rules lower their confidence for it.
CREATE OR REPLACE TEMP TABLE rr_res AS
SELECT r.*, o.occupant
FROM rr_res_base r
JOIN rr_occupant o ON o.group_id = r.group_id AND o.guest_name IS NOT DISTINCT FROM r.guest_name;

-- Every creating request (POST on the collection) from a day before the window to a day after
-- the window or its groups' latest booking (a copy made days later, in a window run again after
-- the fact): linking, the clients' retry habits and the conformance figures all start from here.
-- A table macro, not a table: each reader keeps only the few rows it needs as it scans, where
-- writing every creating request of the night into a temp table cost more than reading them
-- again (0.5-1 s at a million bookings). A request cannot create a booking before it was sent, so one logged later than that
-- is at most a replay or a retry; a gateway clock gone wrong (a request in 2099) names nothing.
-- no_answer: the request ended without a success reaching the client (5xx, 499, or no status).
CREATE OR REPLACE TEMP MACRO rr_post(create_method, create_paths, from_ts, to_ts) AS TABLE
-- Gateways write what they write: a body that is not JSON names no reservation, and a negative
-- duration is no duration at all; neither stops the run.
SELECT l.id AS log_id, l.ts, l.ts + to_milliseconds(greatest(coalesce(l.duration, 0), 0)) AS ends_at, l.request_id,
  l.correlation_id, l.idempotency_key, lower(trim(l.guest_email)) AS email_key, l.client_id, l.status,
  CASE WHEN l.duration >= 0 THEN l.duration END AS duration, l.error,
  CASE WHEN l.status BETWEEN 200 AND 299 AND json_valid(l.response) THEN json_extract_string(l.response, '$.id') END
    AS response_id,
  coalesce(l.status = 499 OR l.status >= 500, true) AS no_answer
FROM api_log l
WHERE l.method = create_method AND list_contains(create_paths, l.endpoint)
  AND l.ts >= from_ts::TIMESTAMPTZ - INTERVAL 1 DAY
  AND l.ts < greatest(to_ts::TIMESTAMPTZ, coalesce((SELECT max(created_at) FROM rr_res), to_ts::TIMESTAMPTZ))
    + INTERVAL 1 DAY;

-- The IdempotencyRecord rows of the groups' bookings: the record a booking's key left, or the
-- record naming the booking as what its key produced (a schema may keep the key there only).
CREATE OR REPLACE TEMP TABLE rr_record AS
SELECT ir.idempotency_key AS key, ir.resource_id, coalesce(ir.attempts, 1) AS attempts, ir.created_at
FROM idempotency_record ir
WHERE ir.idempotency_key IS NOT NULL
  AND (ir.resource_id IN (SELECT id FROM rr_res)
    OR ir.idempotency_key IN (SELECT idempotency_key FROM rr_res WHERE idempotency_key IS NOT NULL));

-- Creating requests that may belong to the groups' reservations: by email, by a response naming
-- one of them (the gateway may not log the email), or by one of their keys.
CREATE OR REPLACE TEMP TABLE rr_req AS
SELECT p.*
FROM rr_post($create_method, $create_paths, $from, $to) p
WHERE p.email_key IN (SELECT DISTINCT email_key FROM rr_res)
   OR p.response_id IN (SELECT id FROM rr_res)
   OR p.idempotency_key IN (
     SELECT idempotency_key FROM rr_res WHERE idempotency_key IS NOT NULL UNION SELECT key FROM rr_record);

-- The IdempotencyLock rows of those keys (createdAt: the acquisition attempt; acquired false: it
-- failed or was skipped; releasedAt: the release). Stamped by the database's clock, like
-- Reservation.createdAt: the reference for the order of events inside the booking service.
CREATE OR REPLACE TEMP TABLE rr_lock AS
SELECT l.id, l.key, l.request_id, coalesce(l.acquired, false) AS acquired, l.created_at, l.released_at
FROM idempotency_lock l
WHERE l.key IN (
  SELECT idempotency_key FROM rr_req WHERE idempotency_key IS NOT NULL
  UNION SELECT idempotency_key FROM rr_res WHERE idempotency_key IS NOT NULL
  UNION SELECT key FROM rr_record);

-- Which request created which reservation. A 2xx response naming a booking says so outright
-- (the earliest one: later ones are idempotent replays).
CREATE OR REPLACE TEMP TABLE rr_link AS
SELECT r.id AS reservation_id, q.log_id, 'response-id' AS link_method, NULL::VARCHAR AS link_key,
  NULL::TIMESTAMPTZ AS lock_released_at
FROM rr_res r JOIN rr_req q ON q.response_id = r.id
QUALIFY row_number() OVER (PARTITION BY r.id ORDER BY q.ts, q.log_id) = 1;

-- A request that returned no id (timed out, hung up, failed upstream) may still have made a
-- booking, during the request or after the gateway gave up (a backend commits seconds to a minute
-- later, sometimes after the retry's own booking). It can only be a booking no successful request
-- names, tied to it, in this order of strength:
--   key     the booking stores the request's Idempotency-Key;
--   record  the IdempotencyRecord of the request's key names the booking;
--   lock    the request's own IdempotencyLock row on its key was released at or after the
--           booking was created (the booking's guest is the request's);
--   each created after the request began and within late_commit_max_ms after it ended, give or
--   take link_clock_tolerance_ms: the key, record or lock already ties them, so a gateway clock
--   that drifted from the database's must not break the link;
--   email-and-time       the same guest, created while the request ran (link_slack_ms either side);
--   late-email-and-time  the same guest, created after the request ended and within
--                        late_commit_max_ms, when the same client came back for the guest
--                        within the hour (its retry): a keyless request leaves nothing else;
--   email-and-drifted-time  the same, created before the request's logged start but within
--                        link_clock_tolerance_ms of it: a request cannot make a booking before it
--                        is sent, so the gateway host's clock ran ahead of the database's.
-- Keys never contradict: a booking storing one key is not another key's request's.
-- distance_ms: how far createdAt lies outside the request's interval (0 inside it).
CREATE OR REPLACE TEMP TABLE rr_link_candidate AS
WITH failed AS (
  SELECT q.*,
    EXISTS (
      SELECT 1 FROM rr_req n
      WHERE n.email_key = q.email_key AND n.client_id IS NOT DISTINCT FROM q.client_id
        AND n.ts > q.ts AND n.ts < q.ends_at + INTERVAL 1 HOUR
    ) AS came_back
  FROM rr_req q
  WHERE q.no_answer AND q.response_id IS NULL
),
unexplained AS (
  SELECT r.* FROM rr_res r ANTI JOIN rr_link k ON k.reservation_id = r.id
),
tied AS (
  SELECT r.id AS reservation_id, q.log_id, 2 AS priority, 'key' AS link_method, q.idempotency_key AS link_key,
    NULL::TIMESTAMPTZ AS lock_released_at
  FROM unexplained r JOIN failed q ON q.idempotency_key = r.idempotency_key
  UNION ALL
  SELECT rec.resource_id, q.log_id, 3, 'record', rec.key, NULL
  FROM rr_record rec JOIN failed q ON q.idempotency_key = rec.key
  UNION ALL
  SELECT r.id, q.log_id, 4, 'lock', l.key, l.released_at
  FROM failed q
  JOIN rr_lock l ON l.request_id = q.request_id AND l.key = q.idempotency_key AND l.acquired
  JOIN unexplained r ON r.email_key = q.email_key
  WHERE l.released_at >= r.created_at
    AND (r.idempotency_key IS NULL OR r.idempotency_key = q.idempotency_key)
),
candidates AS (
  SELECT t.reservation_id, t.log_id, t.priority, t.link_method, t.link_key, t.lock_released_at, r.created_at, q.ts, q.ends_at
  FROM tied t
  JOIN unexplained r ON r.id = t.reservation_id
  JOIN failed q ON q.log_id = t.log_id
  WHERE r.created_at >= q.ts - to_milliseconds($link_clock_tolerance_ms)
    AND r.created_at <= q.ends_at + to_milliseconds($late_commit_max_ms + $link_clock_tolerance_ms)
  UNION ALL
  SELECT r.id, q.log_id,
    CASE
      WHEN r.created_at < q.ts - to_milliseconds($link_slack_ms) THEN 7
      WHEN r.created_at <= q.ends_at + to_milliseconds($link_slack_ms) THEN 5
      ELSE 6
    END,
    CASE
      WHEN r.created_at < q.ts - to_milliseconds($link_slack_ms) THEN 'email-and-drifted-time'
      WHEN r.created_at <= q.ends_at + to_milliseconds($link_slack_ms) THEN 'email-and-time'
      ELSE 'late-email-and-time'
    END,
    coalesce(q.idempotency_key, r.idempotency_key), NULL, r.created_at, q.ts, q.ends_at
  FROM unexplained r JOIN failed q ON q.email_key = r.email_key
  WHERE r.created_at >= q.ts - to_milliseconds($link_clock_tolerance_ms)
    AND r.created_at <= q.ends_at + to_milliseconds($late_commit_max_ms)
    AND (r.idempotency_key IS NULL OR q.idempotency_key IS NULL OR q.idempotency_key = r.idempotency_key)
    AND ((r.created_at >= q.ts - to_milliseconds($link_slack_ms) AND r.created_at <= q.ends_at + to_milliseconds($link_slack_ms))
      OR q.came_back)
)
SELECT reservation_id, log_id, priority, link_method, link_key, lock_released_at,
  greatest(epoch_ms(ts) - epoch_ms(created_at), epoch_ms(created_at) - epoch_ms(ends_at), 0) AS distance_ms,
  -- Among equals, the latest request that could have made the booking.
  -epoch_us(ts) AS tiebreak
FROM candidates;

-- One request, one booking: each round links the pairs that are each other's best (the strongest
-- tie, then the nearest in time), then the next round matches what is left. A request that could
-- have made two bookings goes to the nearest; the other may still be another request's.
CREATE OR REPLACE TEMP MACRO rr_link_round() AS TABLE
  WITH open AS (
    SELECT c.*
    FROM rr_link_candidate c
    ANTI JOIN rr_link k ON k.reservation_id = c.reservation_id
    ANTI JOIN rr_link l ON l.log_id = c.log_id
  ),
  ranked AS (
    SELECT *,
      row_number() OVER (PARTITION BY reservation_id ORDER BY priority, distance_ms, tiebreak, log_id) AS by_booking,
      row_number() OVER (PARTITION BY log_id ORDER BY priority, distance_ms, tiebreak, reservation_id) AS by_request
    FROM open
  )
  SELECT reservation_id, log_id, link_method, link_key, lock_released_at
  FROM ranked
  WHERE by_booking = 1 AND by_request = 1;
INSERT INTO rr_link SELECT * FROM rr_link_round();
INSERT INTO rr_link SELECT * FROM rr_link_round();
INSERT INTO rr_link SELECT * FROM rr_link_round();

-- What one booking's charge is in this source: its rate times its nights (a nightly rate) or its
-- rate (a price for the stay). Schemas differ, so the payments of the window's bookings say which
-- (the form that more single charges equal). A cart payment is then recognised by the stays it
-- covers, whatever the convention.
CREATE OR REPLACE TEMP TABLE rr_rate_unit AS
SELECT coalesce(
    count(*) FILTER (WHERE p.amount = r.rate_amount * date_diff('day', r.check_in, r.check_out))
      >= count(*) FILTER (WHERE p.amount = r.rate_amount),
    true) AS nightly
FROM payment p
JOIN reservation r ON r.id = p.reservation_id
WHERE r.created_at >= $from::TIMESTAMPTZ AND r.created_at < $to::TIMESTAMPTZ
  AND p.status IN $whole_charge_statuses AND r.check_out > r.check_in;

-- any_key: the key the booking's request carried, or the booking stores, or its record names.
CREATE OR REPLACE TEMP TABLE rr_member AS
SELECT r.id, r.group_id, r.group_id || substr(md5(r.occupant), 1, 8) AS bucket_id, r.occupant, r.email_key,
  r.guest_name, r.created_at, r.idempotency_key AS res_key, r.rate_amount, r.currency, r.property_id,
  r.confirmation_number, r.guest_email, r.status, r.check_in, r.check_out, r.room_type_id,
  k.link_method, k.link_key, k.lock_released_at, q.log_id, q.request_id, q.ts AS req_ts, q.ends_at AS req_end,
  q.status AS req_status, q.duration AS req_duration, q.error AS req_error, q.idempotency_key AS req_key,
  q.client_id, q.correlation_id, coalesce(q.no_answer, false) AS req_failed,
  coalesce(q.idempotency_key, r.idempotency_key, rec.key) AS any_key,
  CASE WHEN u.nightly THEN r.rate_amount * date_diff('day', r.check_in, r.check_out) ELSE r.rate_amount END
    AS stay_price,
  row_number() OVER (PARTITION BY r.group_id, r.occupant ORDER BY r.created_at, r.id)::INTEGER AS seq,
  count(*) OVER (PARTITION BY r.group_id, r.occupant)::INTEGER AS bucket_size
FROM rr_res r
CROSS JOIN rr_rate_unit u
LEFT JOIN rr_link k ON k.reservation_id = r.id
LEFT JOIN rr_req q ON q.log_id = k.log_id
LEFT JOIN (SELECT resource_id, min(key) AS key FROM rr_record GROUP BY resource_id) rec ON rec.resource_id = r.id;

-- The database's own account of each key that more than one copy carries, by its clock (not the
-- gateway's): the IdempotencyLock rows and the IdempotencyRecord's attempts. A lock attempt
-- answered 409 stopped there and made nothing, so it says nothing about the copies.
--   contender: the first attempt by another request made while an acquired lock was held (after
--              its acquisition, before its release; a lock never released gives only how long
--              after, for the rule to judge);
--   handover:  a second acquisition after the first lock was released: one request after the other.
CREATE OR REPLACE TEMP TABLE rr_key_db AS
WITH keys AS (
  SELECT DISTINCT any_key AS key FROM rr_member WHERE any_key IS NOT NULL AND bucket_size >= 2
),
locks AS (
  SELECT l.*
  FROM rr_lock l
  SEMI JOIN keys k ON k.key = l.key
  WHERE l.request_id IS NULL OR l.request_id NOT IN (
    SELECT request_id FROM rr_req WHERE status = 409 AND request_id IS NOT NULL)
),
counts AS (
  SELECT key, count(*) AS lock_rows, count(*) FILTER (WHERE acquired) AS acquired,
    count(*) FILTER (WHERE NOT acquired) AS failed
  FROM locks GROUP BY key
),
pairs AS (
  SELECT h.key, h.request_id AS holder, h.created_at AS held_at, h.released_at AS held_until,
    l.id, l.request_id AS other, l.acquired AS other_acquired, l.created_at AS other_at,
    epoch_ms(l.created_at) - epoch_ms(h.created_at) AS after_ms
  FROM locks h
  JOIN locks l ON l.key = h.key AND l.id <> h.id
  WHERE h.acquired AND l.created_at >= h.created_at
    AND (h.request_id IS NULL OR l.request_id IS NULL OR l.request_id <> h.request_id)
),
contended AS (
  SELECT key, holder, held_at, held_until, other AS contender, other_acquired AS contender_acquired,
    after_ms AS contend_after_ms
  FROM pairs
  WHERE held_until IS NULL OR other_at < held_until
  QUALIFY row_number() OVER (PARTITION BY key ORDER BY held_until IS NULL, after_ms, id) = 1
),
handed AS (
  SELECT key, holder AS handed_from, other AS handed_to,
    epoch_ms(other_at) - epoch_ms(held_until) AS handover_after_ms
  FROM pairs
  WHERE other_acquired AND held_until IS NOT NULL AND other_at >= held_until
  QUALIFY row_number() OVER (PARTITION BY key ORDER BY other_at, id) = 1
),
records AS (
  SELECT key, max(attempts) AS record_attempts FROM rr_record GROUP BY key
)
SELECT k.key, coalesce(c.lock_rows, 0) AS lock_rows, coalesce(c.acquired, 0) AS acquired,
  coalesce(c.failed, 0) AS failed, t.holder, t.held_at, t.held_until, t.contender, t.contender_acquired,
  t.contend_after_ms, h.handed_from, h.handed_to, h.handover_after_ms, coalesce(r.record_attempts, 0) AS record_attempts
FROM keys k
LEFT JOIN counts c USING (key)
LEFT JOIN contended t USING (key)
LEFT JOIN handed h USING (key)
LEFT JOIN records r USING (key);

-- How long each client waits before it tries again, as the log shows it: the time from the end
-- of a request that failed (5xx, 499, no status, 409) to the same client's next POST for the
-- same guest within the hour. Retry policies differ (a second for an HTTP library, minutes for
-- a channel manager's queue), so a fixed gap cannot tell a retry from a new submission.
CREATE OR REPLACE TEMP TABLE rr_client_retry AS
WITH failed AS (
  SELECT DISTINCT client_id, email_key
  FROM rr_post($create_method, $create_paths, $from, $to)
  WHERE client_id IS NOT NULL AND email_key IS NOT NULL
    AND (status IS NULL OR status = 499 OR status >= 500 OR status = 409)
),
followed AS (
  SELECT p.client_id, p.status, p.ends_at,
    lead(p.ts) OVER (PARTITION BY p.client_id, p.email_key ORDER BY p.ts) AS next_ts
  FROM rr_post($create_method, $create_paths, $from, $to) p
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
  a.request_id AS a_req, b.request_id AS b_req, a.req_ts AS a_ts, b.req_ts AS b_ts, a.req_end AS a_end, b.req_end AS b_end,
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

-- A lock attempt made while another request held the key's lock, in words: "req-2 tried to take
-- the lock on k-1 120 ms after req-1 took it, while it was held, and failed".
CREATE OR REPLACE TEMP MACRO rr_contention(contender, contender_acquired, after_ms, holder, key, held_until) AS
  printf('%s tried to take the lock on %s %s after %s took it, %s, and %s',
    coalesce(contender, 'another request'), key, rr_dur(after_ms), coalesce(holder, 'the first request'),
    CASE WHEN held_until IS NOT NULL THEN 'while it was held' ELSE 'which was never released' END,
    CASE WHEN contender_acquired THEN 'got it as well' ELSE 'failed' END);

-- How each bucket's bookings were paid, read once for every rule: a checkout pays for what it
-- booked, every room by a charge of its own made in the same moment (or one payment for all,
-- which the one-checkout rule reads), while a re-sent booking is paid as the client learns of
-- it, or not at all. Per bucket:
--   paid_as_copies  why the payments say copies, or NULL:
--     * a booking carries no payment at all while each charged one carries exactly one stay's
--       price (the client never heard of the unpaid one, or paid only once), or
--     * every booking carries one stay's price, all charged after the last booking was made
--       (not inside each booking request), and two charges in a row came more than
--       max_cart_charge_gap_ms apart: no checkout charges its rooms that slowly;
--   paid_as_cart    every booking carries its own charge of one stay's price, the charges made
--     one after another within max_cart_charge_gap_ms: what a checkout of several rooms under
--     one name leaves, and a re-send can leave too.
-- A split or converted payment, a declined one, or no payment at all, settles nothing.
CREATE OR REPLACE TEMP TABLE rr_bucket_pay AS
WITH charges AS (
  SELECT m.bucket_id, m.id AS reservation_id, p.created_at AS charged_at, p.status,
    coalesce(p.currency = m.currency AND p.amount = m.stay_price, false) AS one_stay,
    epoch_ms(p.created_at)
      - epoch_ms(lag(p.created_at) OVER (PARTITION BY m.bucket_id ORDER BY p.created_at, p.id)) AS gap_ms
  FROM rr_member m
  JOIN payment p ON p.reservation_id = m.id
  WHERE m.bucket_size >= 2
),
booked AS (
  SELECT bucket_id, count(*) AS n, max(created_at) AS last_booked,
    string_agg(id, ', ' ORDER BY seq) FILTER (WHERE id NOT IN (SELECT reservation_id FROM charges)) AS unpaid
  FROM rr_member
  WHERE bucket_size >= 2
  GROUP BY bucket_id
)
SELECT k.bucket_id,
  CASE
    WHEN k.unpaid IS NOT NULL AND count(c.reservation_id) > 0 AND bool_and(c.one_stay) THEN printf(
      '%s carries no payment while each charged booking carries one stay''s price: a checkout pays every room it books, '
      || 'a re-sent request leaves a booking the client never heard of unpaid', k.unpaid)
    WHEN k.unpaid IS NULL AND bool_and(c.one_stay) AND min(c.charged_at) > k.last_booked
      AND max(c.gap_ms) > $max_cart_charge_gap_ms THEN printf(
      'each booking carries one stay''s price, charged after the last booking was made, and two charges came %s apart: '
      || 'a checkout charges its rooms in one go, copies are paid one by one', rr_dur(max(c.gap_ms)))
  END AS paid_as_copies,
  coalesce(k.unpaid IS NULL AND count(c.reservation_id) = k.n AND bool_and(c.one_stay)
    AND bool_and(c.status <> $failed_payment_status) AND coalesce(max(c.gap_ms), 0) <= $max_cart_charge_gap_ms, false)
    AS paid_as_cart,
  rr_dur(coalesce(max(c.gap_ms), 0)) AS charge_span
FROM booked k
LEFT JOIN charges c USING (bucket_id)
GROUP BY k.bucket_id, k.n, k.unpaid, k.last_booked;
