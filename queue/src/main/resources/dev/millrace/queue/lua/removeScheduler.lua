-- removeScheduler: deletes a job scheduler and its pending iteration (one already started runs on).
-- KEYS[1] repeat   KEYS[2] scheduler hash   KEYS[3] delayed   KEYS[4] wait   KEYS[5] prioritized
-- ARGV[1] key prefix   ARGV[2] scheduler id
-- Returns {1} removed, {0} no such scheduler.
-- @include common

local prefix = ARGV[1]
local schedulerId = ARGV[2]
local pending = redis.call('ZSCORE', KEYS[1], schedulerId)
local existed = redis.call('EXISTS', KEYS[2])
if pending then
  local jobId = 'repeat:' .. schedulerId .. ':' .. num(tonumber(pending))
  if redis.call('ZREM', KEYS[3], jobId) + redis.call('ZREM', KEYS[5], jobId) + redis.call('LREM', KEYS[4], 0, jobId) > 0 then
    deleteJobKeys(prefix, jobId)
  end
  redis.call('ZREM', KEYS[1], schedulerId)
end
redis.call('DEL', KEYS[2])
if pending or existed == 1 then
  return {1}
end
return {0}
