-- A backfill: booking-endpoint requests (all methods) from the window's start on, and, further
-- back, the requests of the guests whose older active bookings share a grouping key with a newer
-- one: the rules link a timed-out request to its booking by guest email and time. Two branches
-- joined by UNION ALL (disjoint by time) so that each can use an index on the timestamp.
WITH fresh_keys AS (
  SELECT DISTINCT lower(trim(r.{{Reservation.guestEmail}})) AS email, r.{{Reservation.checkIn}} AS check_in,
         r.{{Reservation.checkOut}} AS check_out, r.{{Reservation.roomTypeId}} AS room_type_id
  FROM {{Reservation}} r
  WHERE r.{{Reservation.createdAt}} >= {{since api_logs}}
), old_members AS MATERIALIZED (
  SELECT lower(trim(r.{{Reservation.guestEmail}})) AS email, r.{{Reservation.createdAt}} AS created_at
  FROM {{Reservation}} r
  JOIN fresh_keys k
    ON lower(trim(r.{{Reservation.guestEmail}})) = k.email AND r.{{Reservation.checkIn}} = k.check_in
   AND r.{{Reservation.checkOut}} = k.check_out AND r.{{Reservation.roomTypeId}} = k.room_type_id
  WHERE r.{{Reservation.status}}::text = ANY ({{activeStatuses}})
    AND r.{{Reservation.createdAt}} < {{since api_logs}}
)
SELECT {{columns api_logs t}}
FROM {{api_logs}} t
WHERE t.{{api_logs.endpoint}} LIKE {{bookingEndpoint}}
  AND t.{{api_logs.timestamp}} >= {{since api_logs}}
UNION ALL
SELECT {{columns api_logs t}}
FROM {{api_logs}} t
WHERE t.{{api_logs.endpoint}} LIKE {{bookingEndpoint}}
  AND t.{{api_logs.timestamp}} < {{since api_logs}}
  AND t.{{api_logs.timestamp}} >= (SELECT min(created_at) FROM old_members) - {{margin}}
  AND lower(trim(t.{{api_logs.guestEmail}})) IN (SELECT email FROM old_members)
