-- pause: pauses or resumes a queue. Pausing only sets meta.paused (BullMQ v6: jobs stay in wait)
-- and drops the marker; resuming merges a legacy v5 "paused" list back into wait and re-adds markers.
-- KEYS[1] meta   KEYS[2] marker   KEYS[3] events   KEYS[4] wait   KEYS[5] prioritized
-- KEYS[6] delayed   KEYS[7] paused (legacy list)
-- ARGV[1] "paused" | "resumed"
-- Returns {0}.
-- @include common

local maxLen = maxEvents(KEYS[1])
if ARGV[1] == 'paused' then
  redis.call('HSET', KEYS[1], 'paused', 1)
  redis.call('DEL', KEYS[2])
else
  redis.call('HDEL', KEYS[1], 'paused')
  if redis.call('EXISTS', KEYS[7]) == 1 then
    if redis.call('EXISTS', KEYS[4]) == 0 then
      redis.call('RENAME', KEYS[7], KEYS[4])
    else
      -- legacy jobs are older than those in wait: they go to the head (right) end, oldest outermost
      local id = redis.call('LPOP', KEYS[7])
      while id do
        redis.call('RPUSH', KEYS[4], id)
        id = redis.call('LPOP', KEYS[7])
      end
    end
  end
  if redis.call('LLEN', KEYS[4]) + redis.call('ZCARD', KEYS[5]) > 0 then
    redis.call('ZADD', KEYS[2], 0, '0')
  else
    addDelayMarker(KEYS[2], KEYS[6])
  end
end
emit(KEYS[3], maxLen, ARGV[1])
return {0}
