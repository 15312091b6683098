-- Shared helpers. Scripts inline this file where they say "-- @include common".
-- Written for Redis 6.2 and 7.x (Lua 5.1, RESP2 replies inside scripts).

-- Exact integer text for a score, timestamp or count (all integers below 2^53). tostring() prints
-- large numbers with %.14g (7.3577010624799e+15), which would silently drop the low digits of a
-- delayed score. '%d' also stays off the C library's floating-point formatting, which is what a
-- number handed to redis.call costs (Redis 7.0 formats it with %.17g): on the hot path, arguments
-- are passed as strings.
local function num(v)
  return string.format('%d', v)
end

-- Reads meta "opts.maxLenEvents", creating it with BullMQ's default when missing.
-- Returns it as text, ready for XADD's MAXLEN.
local function maxEvents(metaKey)
  local m = redis.call('HGET', metaKey, 'opts.maxLenEvents')
  if not m then
    redis.call('HSET', metaKey, 'opts.maxLenEvents', '10000')
    return '10000'
  end
  return m
end

local function emit(eventsKey, maxLen, ...)
  redis.call('XADD', eventsKey, 'MAXLEN', '~', maxLen, '*', 'event', ...)
end

-- True when the queue is paused or at its global concurrency (meta.concurrency).
local function isPausedOrMaxed(metaKey, activeKey)
  local v = redis.call('HMGET', metaKey, 'paused', 'concurrency')
  if v[1] then
    return true
  end
  if v[2] then
    return redis.call('LLEN', activeKey) >= tonumber(v[2])
  end
  return false
end

-- Delayed score: readyTs * 4096 + a sequence number that keeps FIFO order within one millisecond.
local function delayedScore(delayedKey, readyTs)
  local base = readyTs * 4096
  local last = redis.call('ZREVRANGEBYSCORE', delayedKey, num(base + 4095), num(base), 'WITHSCORES', 'LIMIT', 0, 1)
  if #last > 0 then
    local nextScore = tonumber(last[2]) + 1
    if nextScore <= base + 4095 then
      return nextScore
    end
    return base + 4095
  end
  return base
end

-- Prioritized score: priority * 2^32 + a counter (pc) that keeps FIFO order within one priority.
local function addPrioritized(prioritizedKey, pcKey, id, priority)
  local counter = redis.call('INCR', pcKey)
  redis.call('ZADD', prioritizedKey, num(priority * 4294967296 + (counter % 4294967296)), id)
end

-- Points marker member "1" at the earliest delayed job's ready time.
local function addDelayMarker(markerKey, delayedKey)
  local first = redis.call('ZRANGE', delayedKey, 0, 0, 'WITHSCORES')
  if #first > 0 then
    redis.call('ZADD', markerKey, num(math.floor(tonumber(first[2]) / 4096)), '1')
  end
end

-- Token '0' skips the check (administrative moves). Returns 0, or -2 (no lock) / -6 (other owner).
local function releaseLock(jobKey, stalledKey, id, token)
  if token == '0' then
    redis.call('DEL', jobKey .. ':lock')
    redis.call('SREM', stalledKey, id)
    return 0
  end
  local lock = redis.call('GET', jobKey .. ':lock')
  if not lock then
    return -2
  end
  if lock ~= token then
    return -6
  end
  redis.call('DEL', jobKey .. ':lock')
  redis.call('SREM', stalledKey, id)
  return 0
end

-- Removes the deduplication key when it still points at this job.
local function releaseDedup(prefix, jobKey, id)
  local deid = redis.call('HGET', jobKey, 'deid')
  if deid then
    local dedupKey = prefix .. 'de:' .. deid
    if redis.call('GET', dedupKey) == id then
      redis.call('DEL', dedupKey)
    end
  end
end

-- A deduplication with a ttl is a throttle: Node keeps its key until the ttl ends, even after the
-- job finished. Without a ttl the key lives only as long as the job is unfinished.
local function isThrottled(jobKey)
  local opts = redis.call('HGET', jobKey, 'opts')
  if not opts then
    return false
  end
  local ok, decoded = pcall(cjson.decode, opts)
  if not ok or type(decoded) ~= 'table' then
    return false
  end
  local de = decoded['de'] or decoded['deduplication']
  return type(de) == 'table' and tonumber(de['ttl']) ~= nil and tonumber(de['ttl']) > 0
end

local function deleteJobKeys(prefix, id, keepDedup)
  local jobKey = prefix .. id
  if not keepDedup then
    releaseDedup(prefix, jobKey, id)
  end
  redis.call('DEL', jobKey, jobKey .. ':logs', jobKey .. ':lock', jobKey .. ':dependencies',
    jobKey .. ':processed', jobKey .. ':failed', jobKey .. ':unsuccessful')
end
