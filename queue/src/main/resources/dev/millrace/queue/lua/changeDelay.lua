-- changeDelay: moves a delayed job's ready time to now + delay.
-- KEYS[1] delayed   KEYS[2] marker   KEYS[3] events   KEYS[4] meta   KEYS[5] active   KEYS[6] job hash
-- ARGV[1] job id   ARGV[2] delay (ms)   ARGV[3] now (ms)
-- Returns {0}, or {-3} when the job is not delayed.
-- @include common

local id = ARGV[1]
if not redis.call('ZSCORE', KEYS[1], id) then
  return {-3}
end
local readyTs = tonumber(ARGV[3]) + tonumber(ARGV[2])
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[1], num(delayedScore(KEYS[1], readyTs)), id)
redis.call('HSET', KEYS[6], 'delay', ARGV[2])
emit(KEYS[3], maxEvents(KEYS[4]), 'delayed', 'jobId', id, 'delay', num(readyTs))
if not isPausedOrMaxed(KEYS[4], KEYS[5]) then
  addDelayMarker(KEYS[2], KEYS[1])
end
return {0}
