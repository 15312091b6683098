-- retryJob: puts a failed attempt back, into delayed (backoff > 0) or wait/prioritized (no delay).
-- KEYS[1] active    KEYS[2] wait     KEYS[3] prioritized   KEYS[4] pc     KEYS[5] delayed
-- KEYS[6] marker    KEYS[7] events   KEYS[8] stalled       KEYS[9] meta   KEYS[10] job hash
-- ARGV[1] job id   ARGV[2] lock token   ARGV[3] timestamp (ms)   ARGV[4] delay (ms)
-- ARGV[5] failed reason   ARGV[6] stacktrace JSON or ""   ARGV[7] lifo "1"/"0"
-- Returns {code}: 0 done, -1 no job, -2 no lock, -6 lock mismatch, -3 not active.
-- @include common

local id = ARGV[1]
local jobKey = KEYS[10]
if redis.call('EXISTS', jobKey) == 0 then
  return {-1}
end
local rc = releaseLock(jobKey, KEYS[8], id, ARGV[2])
if rc ~= 0 then
  return {rc}
end
if redis.call('LREM', KEYS[1], -1, id) == 0 then
  return {-3}
end

local maxLen = maxEvents(KEYS[9])
redis.call('HSET', jobKey, 'failedReason', ARGV[5])
if ARGV[6] ~= '' then
  redis.call('HSET', jobKey, 'stacktrace', ARGV[6])
end
redis.call('HINCRBY', jobKey, 'atm', 1)

local delay = tonumber(ARGV[4])
if delay > 0 then
  local readyTs = tonumber(ARGV[3]) + delay
  redis.call('HSET', jobKey, 'delay', delay)
  redis.call('ZADD', KEYS[5], num(delayedScore(KEYS[5], readyTs)), id)
  emit(KEYS[7], maxLen, 'delayed', 'jobId', id, 'delay', num(readyTs))
  if not isPausedOrMaxed(KEYS[9], KEYS[1]) then
    addDelayMarker(KEYS[6], KEYS[5])
  end
  return {0}
end

local priority = tonumber(redis.call('HGET', jobKey, 'priority') or '0') or 0
if priority > 0 then
  addPrioritized(KEYS[3], KEYS[4], id, priority)
elseif ARGV[7] == '1' then
  redis.call('RPUSH', KEYS[2], id)
else
  redis.call('LPUSH', KEYS[2], id)
end
if not isPausedOrMaxed(KEYS[9], KEYS[1]) then
  redis.call('ZADD', KEYS[6], 0, '0')
end
emit(KEYS[7], maxLen, 'waiting', 'jobId', id, 'prev', 'active')
return {0}
