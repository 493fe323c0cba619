-- Prepares what every rule reads, as temp tables in the warehouse session. This file, first:
--   rr_quarantine  rows of the window the rules cannot judge, with the reason
--   rr_res_base    active reservations in a look-alike group (same normalised email, dates, room type)
-- then, once the occupants are known (rr_occupant, from src/rules/occupant.ts), prepare.sql:
--   rr_res         the same with the occupant (the guest) of each
--   rr_req         the booking endpoint's creating requests (POST) that may belong to them
--   rr_link        reservation -> the request that created it, and how the link was made
--   rr_member      one row per reservation with its bucket (group + occupant) and its creating request
-- Parameters: $from, $to (the window), $link_slack_ms (slack when linking by time), and the
-- model's lists (src/model/sql-params.ts): $active_statuses, $reservation_statuses.

CREATE OR REPLACE TEMP TABLE rr_quarantine AS
SELECT 'Reservation' AS table_name, id AS row_id, reason
FROM (
  SELECT r.id,
    CASE
      WHEN c.copies IS NOT NULL THEN c.copies || ' different rows with this id in the source'
      WHEN r.created_at IS NULL THEN 'no creation time'
      WHEN r.guest_email IS NULL OR trim(r.guest_email) = '' THEN 'no guest email'
      WHEN r.check_in IS NULL OR r.check_out IS NULL THEN 'no check-in or check-out date'
      WHEN r.check_out <= r.check_in THEN 'check-out not after check-in'
      WHEN r.room_type_id IS NULL OR trim(r.room_type_id) = '' THEN 'no room type'
      WHEN r.status IS NULL OR r.status NOT IN $reservation_statuses
        THEN 'unknown status ' || coalesce('"' || r.status || '"', 'NULL')
    END AS reason
  FROM (
    SELECT * FROM reservation WHERE created_at >= $from::TIMESTAMPTZ AND created_at < $to::TIMESTAMPTZ
    UNION ALL
    -- A row without its creation time belongs to no window: it is shown in the window of its
    -- last update (or in every window when it has neither), never left out unseen.
    SELECT * FROM reservation
    WHERE created_at IS NULL
      AND (updated_at IS NULL OR (updated_at >= $from::TIMESTAMPTZ AND updated_at < $to::TIMESTAMPTZ))
  ) r
  LEFT JOIN source_conflict c ON c.table_name = 'Reservation' AND c.row_id = r.id
) q
WHERE reason IS NOT NULL
UNION ALL
-- Other tables' rows the source holds more than once with different values (one copy is kept,
-- a payment among them is also flagged on its plan).
SELECT table_name, row_id, copies || ' different rows with this id in the source'
FROM source_conflict
WHERE table_name <> 'Reservation' AND row_time >= $from::TIMESTAMPTZ AND row_time < $to::TIMESTAMPTZ;

-- Active reservations the rules can judge, narrowed to the grouping key, then the groups of two
-- or more with one member created in the window. Only the window's grouping keys are looked up
-- in the whole history: the work grows with the night, not with the warehouse. Only the groups'
-- members are read in full: a night's sets are a few percent of the bookings.
CREATE OR REPLACE TEMP TABLE rr_window_key AS
SELECT DISTINCT lower(trim(guest_email)) AS email_key, check_in, check_out, room_type_id
FROM reservation
WHERE created_at >= $from::TIMESTAMPTZ AND created_at < $to::TIMESTAMPTZ
  AND status IN $active_statuses
  AND guest_email IS NOT NULL AND trim(guest_email) <> ''
  AND check_in IS NOT NULL AND check_out > check_in
  AND room_type_id IS NOT NULL AND trim(room_type_id) <> ''
  AND id NOT IN (SELECT row_id FROM source_conflict WHERE table_name = 'Reservation');

CREATE OR REPLACE TEMP TABLE rr_active AS
WITH stays AS (SELECT DISTINCT check_in, check_out, room_type_id FROM rr_window_key),
candidates AS (
  -- Narrowed on the plain columns first; the email is normalised only for the stays that match.
  SELECT r.id, r.guest_email, r.check_in, r.check_out, r.room_type_id, r.created_at
  FROM reservation r
  SEMI JOIN stays s ON s.check_in = r.check_in AND s.check_out = r.check_out AND s.room_type_id = r.room_type_id
  WHERE r.status IN $active_statuses AND r.created_at IS NOT NULL
    AND r.id NOT IN (SELECT row_id FROM source_conflict WHERE table_name = 'Reservation')
)
SELECT c.id, k.email_key, c.check_in, c.check_out, c.room_type_id,
  c.created_at >= $from::TIMESTAMPTZ AND c.created_at < $to::TIMESTAMPTZ AS in_window
FROM candidates c
JOIN rr_window_key k
  ON k.check_in = c.check_in AND k.check_out = c.check_out AND k.room_type_id = c.room_type_id
 AND k.email_key = lower(trim(c.guest_email));

-- A booking the source holds twice with different values stays out of the groups. Where it shares
-- a stay with a booking of this window, this window's run says so: the booking it leaves alone
-- tonight may be its duplicate.
INSERT INTO rr_quarantine
SELECT DISTINCT 'Reservation', r.id,
  c.copies || ' different rows with this id in the source (a booking of this window repeats its stay)'
FROM reservation r
JOIN source_conflict c ON c.table_name = 'Reservation' AND c.row_id = r.id
JOIN rr_window_key k
  ON k.check_in = r.check_in AND k.check_out = r.check_out AND k.room_type_id = r.room_type_id
 AND k.email_key = lower(trim(r.guest_email))
WHERE r.id NOT IN (SELECT row_id FROM rr_quarantine WHERE table_name = 'Reservation');

CREATE OR REPLACE TEMP TABLE rr_group AS
SELECT email_key, check_in, check_out, room_type_id,
  substr(md5(email_key || '|' || check_in || '|' || check_out || '|' || room_type_id), 1, 16) AS group_id
FROM rr_active
GROUP BY ALL
HAVING count(*) >= 2 AND bool_or(in_window);

-- The reservations of those groups. Who each occupant is gets decided next, in code
-- (src/rules/occupant.ts): names as channels write them need more than SQL string functions.
CREATE OR REPLACE TEMP TABLE rr_res_base AS
SELECT r.id, r.idempotency_key, r.created_at, r.rate_amount, r.currency, r.property_id, r.guest_name,
  r.confirmation_number, r.guest_email, r.status, g.email_key, g.check_in, g.check_out, g.room_type_id,
  g.group_id
FROM rr_active a
JOIN rr_group g USING (email_key, check_in, check_out, room_type_id)
JOIN reservation r ON r.id = a.id;
