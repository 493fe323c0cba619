-- Payments changed since the mark: the new bookings' charges and the refunds of older ones. A
-- payment that did not change is already in the warehouse as it is.
SELECT {{columns Payment t}}
FROM {{Payment}} t
WHERE t.{{Payment.updatedAt}} >= {{since Payment}}
