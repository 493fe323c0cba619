SELECT {{columns IdempotencyRecord t}}
FROM {{IdempotencyRecord}} t
WHERE t.{{IdempotencyRecord.createdAt}} >= {{since IdempotencyRecord}}
   OR t.{{IdempotencyRecord.resourceId}}::text IN {{scopeIds}}
   OR t.{{IdempotencyRecord.idempotencyKey}}::text IN {{scopeKeys}}
