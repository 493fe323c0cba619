-- Locks have no update stamp: a lock released after the mark is re-read through its key.
SELECT {{columns IdempotencyLock t}}
FROM {{IdempotencyLock}} t
WHERE t.{{IdempotencyLock.createdAt}} >= {{since IdempotencyLock}}
   OR t.{{IdempotencyLock.key}}::text IN {{scopeKeys}}
