-- Payments changed since the mark (refunds of older bookings) and every payment of a
-- reservation in scope.
SELECT {{columns Payment t}}
FROM {{Payment}} t
WHERE t.{{Payment.updatedAt}} >= {{since Payment}}
   OR t.{{Payment.reservationId}}::text IN {{scopeIds}}
