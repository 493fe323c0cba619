WITH {{scope}}
SELECT {{columns Reservation t}}
FROM {{Reservation}} t
WHERE t.{{Reservation.id}} IN (SELECT id FROM scope)
