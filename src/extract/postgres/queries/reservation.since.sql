SELECT {{columns Reservation t}}
FROM {{Reservation}} t
WHERE t.{{Reservation.id}}::text IN {{scopeIds}}
