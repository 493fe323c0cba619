-- Every reservation changed since the mark. A source without an index on the update stamp
-- answers this with one sequential scan, the one part of an increment that grows with history.
SELECT {{columns Reservation t}}
FROM {{Reservation}} t
WHERE t.{{Reservation.updatedAt}} >= {{since Reservation}}
