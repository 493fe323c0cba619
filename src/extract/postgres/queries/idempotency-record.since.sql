WITH {{scope}}
SELECT {{columns IdempotencyRecord t}}
FROM {{IdempotencyRecord}} t
WHERE t.{{IdempotencyRecord.createdAt}} >= {{since IdempotencyRecord}}
   OR t.{{IdempotencyRecord.resourceId}} IN (SELECT id FROM scope)
   OR t.{{IdempotencyRecord.idempotencyKey}} IN (SELECT idempotency_key FROM scope)
