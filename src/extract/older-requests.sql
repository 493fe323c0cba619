-- Which guests' older booking requests an incremental run still has to read from the source:
-- those of the active reservations that share a grouping key (normalised email, dates, room
-- type) with a reservation changed in this run, and were created too early for the warehouse's
-- logs to hold their requests (they start at the first backfill's window, log_horizon). Read
-- after this run's reservations have landed, before its requests do.
-- Parameters: $since (the reservations' lower bound this run), $margin_minutes (how far before
-- a booking its requests are looked for), $active_statuses (src/model/sql-params.ts).
WITH changed AS (
  SELECT DISTINCT lower(trim(guest_email)) AS email_key, check_in, check_out, room_type_id
  FROM reservation
  WHERE updated_at >= $since::TIMESTAMPTZ AND guest_email IS NOT NULL
    -- Only bookings made within the rules' reach (a day before a window) put a group in a set:
    -- an old booking merely confirmed or changed tonight needs no requests read again.
    AND created_at >= $since::TIMESTAMPTZ - INTERVAL 1 DAY
),
horizon AS (
  -- A warehouse filled before the horizon was recorded: its earliest request stands in.
  SELECT coalesce((SELECT min(logs_from) FROM log_horizon), (SELECT min(ts) FROM api_log),
                  'infinity'::TIMESTAMPTZ) AS logs_from
)
SELECT lower(trim(r.guest_email)) AS email, min(r.created_at) AS created_at
FROM reservation r
SEMI JOIN changed c
  ON c.check_in = r.check_in AND c.check_out = r.check_out AND c.room_type_id = r.room_type_id
 AND c.email_key = lower(trim(r.guest_email))
WHERE r.status IN $active_statuses
  AND r.created_at < (SELECT logs_from FROM horizon) + to_minutes($margin_minutes::BIGINT)
GROUP BY 1
ORDER BY created_at, email
