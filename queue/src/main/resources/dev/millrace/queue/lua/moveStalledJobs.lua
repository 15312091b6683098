-- moveStalledJobs: the stalled check, run at most once per interval across all workers.
-- An active job marked at the previous check whose lock has since expired goes back to the front
-- of wait; past maxStalledCount it is marked "defa" so the next worker fails it (deferred failure).
-- Then every active job is marked for the next check; renewing a lock unmarks it.
-- KEYS[1] stalled   KEYS[2] wait   KEYS[3] active   KEYS[4] stalled-check   KEYS[5] meta
-- KEYS[6] marker    KEYS[7] events
-- ARGV[1] maxStalledCount   ARGV[2] key prefix   ARGV[3] timestamp (ms)   ARGV[4] interval (ms)
-- Returns the ids moved back to wait (empty when another worker ran the check this interval).
-- @include common

if redis.call('EXISTS', KEYS[4]) == 1 then
  return {}
end
redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[4])
local maxLen = maxEvents(KEYS[5])
redis.call('XTRIM', KEYS[7], 'MAXLEN', '~', maxLen)

local maxStalled = tonumber(ARGV[1])
local prefix = ARGV[2]
local moved = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local jobKey = prefix .. id
  if redis.call('EXISTS', jobKey .. ':lock') == 0 and redis.call('LREM', KEYS[3], 1, id) > 0 then
    if redis.call('EXISTS', jobKey) == 1 then
      local stc = redis.call('HINCRBY', jobKey, 'stc', 1)
      if stc > maxStalled and not redis.call('HGET', jobKey, 'rjk') then
        redis.call('HSET', jobKey, 'defa', 'job stalled more than allowable limit')
      end
      redis.call('RPUSH', KEYS[2], id)
      if not isPausedOrMaxed(KEYS[5], KEYS[3]) then
        redis.call('ZADD', KEYS[6], 0, '0')
      end
      emit(KEYS[7], maxLen, 'waiting', 'jobId', id, 'prev', 'active')
      emit(KEYS[7], maxLen, 'stalled', 'jobId', id)
      table.insert(moved, id)
    end
  end
end
redis.call('DEL', KEYS[1])

local active = redis.call('LRANGE', KEYS[3], 0, -1)
for from = 1, #active, 7000 do
  redis.call('SADD', KEYS[1], unpack(active, from, math.min(from + 6999, #active)))
end
return moved
