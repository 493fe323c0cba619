SELECT {{columns IdempotencyRecord t}}
FROM {{IdempotencyRecord}} t
