-- Booking-endpoint requests (all methods) since the mark.
SELECT {{columns api_logs t}}
FROM {{api_logs}} t
WHERE t.{{api_logs.endpoint}} LIKE {{bookingEndpoint}}
  AND t.{{api_logs.timestamp}} >= {{since api_logs}}
