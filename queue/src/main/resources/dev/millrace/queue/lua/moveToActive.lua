-- moveToActive: promotes due delayed jobs, then takes the next job (wait, else prioritized),
-- honouring meta.paused, meta.concurrency and the rate limit, and locks it for the worker.
-- KEYS[1] wait      KEYS[2] active   KEYS[3] prioritized   KEYS[4] events   KEYS[5] stalled
-- KEYS[6] limiter   KEYS[7] delayed  KEYS[8] meta          KEYS[9] pc       KEYS[10] marker
-- ARGV[1] key prefix   ARGV[2] timestamp (ms)   ARGV[3] lock token   ARGV[4] lock duration (ms)
-- ARGV[5] worker name or ""   ARGV[6] worker rate limit max or ""   ARGV[7] its duration (ms) or ""
-- Returns {jobFields, jobId, rateLimitTtl, nextDelayedTs} (see includes/fetch.lua).
-- @include common
-- @include fetch

local k = {wait = KEYS[1], active = KEYS[2], prioritized = KEYS[3], events = KEYS[4], stalled = KEYS[5],
  limiter = KEYS[6], delayed = KEYS[7], meta = KEYS[8], pc = KEYS[9], marker = KEYS[10]}
return fetchJob(k, readMeta(KEYS[8]), ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]),
  tonumber(ARGV[7]), true)
