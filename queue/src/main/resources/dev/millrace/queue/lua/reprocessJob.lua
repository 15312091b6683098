-- reprocessJob: moves a finished (failed or completed) job back to wait, to run again.
-- KEYS[1] job hash   KEYS[2] source set (failed | completed)   KEYS[3] wait   KEYS[4] prioritized
-- KEYS[5] pc         KEYS[6] marker   KEYS[7] events   KEYS[8] meta   KEYS[9] active
-- ARGV[1] job id     ARGV[2] source state name ("failed" | "completed")
-- Returns {0}, {-1} no such job, {-3} the job is not in the source state.
-- @include common

local id = ARGV[1]
local jobKey = KEYS[1]
if redis.call('EXISTS', jobKey) == 0 then
  return {-1}
end
if redis.call('ZREM', KEYS[2], id) == 0 then
  return {-3}
end
redis.call('HDEL', jobKey, 'finishedOn', 'processedOn', 'failedReason', 'returnvalue', 'stacktrace', 'defa')
local priority = tonumber(redis.call('HGET', jobKey, 'priority') or '0') or 0
if priority > 0 then
  addPrioritized(KEYS[4], KEYS[5], id, priority)
else
  redis.call('LPUSH', KEYS[3], id)
end
if not isPausedOrMaxed(KEYS[8], KEYS[9]) then
  redis.call('ZADD', KEYS[6], 0, '0')
end
emit(KEYS[7], maxEvents(KEYS[8]), 'waiting', 'jobId', id, 'prev', ARGV[2])
return {0}
