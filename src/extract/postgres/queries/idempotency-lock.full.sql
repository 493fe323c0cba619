SELECT {{columns IdempotencyLock t}}
FROM {{IdempotencyLock}} t
