-- Booking-endpoint requests (all methods) since the mark, and, further back, the requests of
-- the guests whose older active bookings joined the scope (see scope.sql): the rules link a
-- timed-out request to its booking by guest email and time.
SELECT {{columns api_logs t}}
FROM {{api_logs}} t
WHERE t.{{api_logs.endpoint}} LIKE {{bookingEndpoint}}
  AND t.{{api_logs.timestamp}} >= {{since api_logs}}
UNION ALL
SELECT {{columns api_logs t}}
FROM {{api_logs}} t
WHERE t.{{api_logs.endpoint}} LIKE {{bookingEndpoint}}
  AND t.{{api_logs.timestamp}} < {{since api_logs}}
  AND t.{{api_logs.timestamp}} >= {{oldSince}} - {{margin}}
  AND lower(trim(t.{{api_logs.guestEmail}})) IN {{scopeEmails}}
