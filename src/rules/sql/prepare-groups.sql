-- Prepares what every rule reads, as temp tables in the warehouse session. This file, first:
--   rr_quarantine  rows of the window the rules cannot judge, with the reason
--   rr_res_base    active reservations in a look-alike group (same normalised email, dates, room type)
-- then, once the occupants are known (rr_occupant, from src/rules/occupant.ts), prepare.sql:
--   rr_res         the same with the occupant (the guest) of each
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
-- or more with one member created in the window. Only the window's grouping keys are looked up
-- in the whole history: the work grows with the night, not with the warehouse. Only the groups'
-- members are read in full: a night's sets are a few percent of the bookings.
CREATE OR REPLACE TEMP TABLE rr_window_key AS
SELECT DISTINCT lower(trim(guest_email)) AS email_key, check_in, check_out, room_type_id
FROM reservation
WHERE created_at >= $from::TIMESTAMPTZ AND created_at < $to::TIMESTAMPTZ
  AND status IN ('PENDING', 'CONFIRMED')
  AND guest_email IS NOT NULL AND trim(guest_email) <> ''
  AND check_in IS NOT NULL AND check_out > check_in
  AND room_type_id IS NOT NULL AND trim(room_type_id) <> '';

CREATE OR REPLACE TEMP TABLE rr_active AS
WITH stays AS (SELECT DISTINCT check_in, check_out, room_type_id FROM rr_window_key),
candidates AS (
  -- Narrowed on the plain columns first; the email is normalised only for the stays that match.
  SELECT r.id, r.guest_email, r.check_in, r.check_out, r.room_type_id, r.created_at
  FROM reservation r
  SEMI JOIN stays s ON s.check_in = r.check_in AND s.check_out = r.check_out AND s.room_type_id = r.room_type_id
  WHERE r.status IN ('PENDING', 'CONFIRMED') AND r.created_at IS NOT NULL
)
SELECT c.id, k.email_key, c.check_in, c.check_out, c.room_type_id,
  c.created_at >= $from::TIMESTAMPTZ AND c.created_at < $to::TIMESTAMPTZ AS in_window
FROM candidates c
JOIN rr_window_key k
  ON k.check_in = c.check_in AND k.check_out = c.check_out AND k.room_type_id = c.room_type_id
 AND k.email_key = lower(trim(c.guest_email));

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
