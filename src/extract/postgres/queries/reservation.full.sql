SELECT {{columns Reservation t}}
FROM {{Reservation}} t
