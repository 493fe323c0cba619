-- The older booking requests of the guests whose older active bookings share a grouping key
-- with a changed one, where the warehouse's logs do not reach back to them (the first nights
-- after a backfill that read requests from its window only): the rules link a timed-out request
-- to its booking by guest email and time. The emails are bound (scopeEmails); the rows stop at
-- the mark, where api-logs.since.sql starts, so the two never overlap.
SELECT {{columns api_logs t}}
FROM {{api_logs}} t
WHERE t.{{api_logs.endpoint}} LIKE {{bookingEndpoint}}
  AND t.{{api_logs.timestamp}} < {{since api_logs}}
  AND t.{{api_logs.timestamp}} >= {{oldSince}} - {{margin}}
  AND lower(trim(t.{{api_logs.guestEmail}})) IN {{scopeEmails}}
