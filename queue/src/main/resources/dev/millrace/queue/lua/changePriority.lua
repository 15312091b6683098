-- changePriority: sets a job's priority; a waiting or prioritized job is re-placed at once, others
-- (delayed, active, finished) keep the new priority for their next placement.
-- KEYS[1] wait   KEYS[2] prioritized   KEYS[3] pc   KEYS[4] marker   KEYS[5] meta   KEYS[6] active
-- KEYS[7] job hash
-- ARGV[1] job id   ARGV[2] priority (0 = none)   ARGV[3] lifo "1"/"0"
-- Returns {0}, or {-1} when the job does not exist.
-- @include common

local id = ARGV[1]
local priority = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[7]) == 0 then
  return {-1}
end
redis.call('HSET', KEYS[7], 'priority', priority)
if redis.call('ZREM', KEYS[2], id) + redis.call('LREM', KEYS[1], 0, id) > 0 then
  if priority > 0 then
    addPrioritized(KEYS[2], KEYS[3], id, priority)
  elseif ARGV[3] == '1' then
    redis.call('RPUSH', KEYS[1], id)
  else
    redis.call('LPUSH', KEYS[1], id)
  end
  if not isPausedOrMaxed(KEYS[5], KEYS[6]) then
    redis.call('ZADD', KEYS[4], 0, '0')
  end
end
return {0}
