-- promote: makes a delayed job ready now.
-- KEYS[1] delayed   KEYS[2] wait   KEYS[3] prioritized   KEYS[4] pc   KEYS[5] marker
-- KEYS[6] events    KEYS[7] meta   KEYS[8] active        KEYS[9] job hash
-- ARGV[1] job id
-- Returns {0}, or {-3} when the job is not delayed.
-- @include common

local id = ARGV[1]
if redis.call('ZREM', KEYS[1], id) == 0 then
  return {-3}
end
redis.call('HSET', KEYS[9], 'delay', 0)
local priority = tonumber(redis.call('HGET', KEYS[9], 'priority') or '0') or 0
if priority > 0 then
  addPrioritized(KEYS[3], KEYS[4], id, priority)
else
  redis.call('LPUSH', KEYS[2], id)
end
if not isPausedOrMaxed(KEYS[7], KEYS[8]) then
  redis.call('ZADD', KEYS[5], 0, '0')
end
emit(KEYS[6], maxEvents(KEYS[7]), 'waiting', 'jobId', id, 'prev', 'delayed')
return {0}
