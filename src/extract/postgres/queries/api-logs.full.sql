-- Booking-endpoint requests (all methods) since the mark, and, further back, the requests of
-- the guests whose older active bookings share a grouping key with a new one: the rules link a
-- timed-out request to its booking by guest email and time. Two branches joined by UNION ALL
-- (disjoint by time) so that each can use an index on the timestamp where there is one.
WITH fresh_keys AS (
  SELECT lower(trim(r.{{Reservation.guestEmail}})) AS email, r.{{Reservation.checkIn}} AS check_in,
         r.{{Reservation.checkOut}} AS check_out, r.{{Reservation.roomTypeId}} AS room_type_id
  FROM {{Reservation}} r
  WHERE r.{{Reservation.createdAt}} >= {{since api_logs}}
), old_members AS (
  SELECT lower(trim(r.{{Reservation.guestEmail}})) AS email, r.{{Reservation.createdAt}} AS created_at
  FROM {{Reservation}} r
  WHERE r.{{Reservation.status}} IN ('PENDING', 'CONFIRMED')
    AND r.{{Reservation.createdAt}} < {{since api_logs}}
    AND (lower(trim(r.{{Reservation.guestEmail}})), r.{{Reservation.checkIn}}, r.{{Reservation.checkOut}}, r.{{Reservation.roomTypeId}})
        IN (SELECT email, check_in, check_out, room_type_id FROM fresh_keys)
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
