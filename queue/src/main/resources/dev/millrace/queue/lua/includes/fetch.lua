-- Moves the next job to active and locks it. Needs "common".
-- k = {wait, active, prioritized, events, stalled, limiter, delayed, meta, pc, marker}
-- meta = HMGET meta paused concurrency max duration opts.maxLenEvents (read once by the caller)
-- wakeOthers: re-add the "0" marker when more work is ready, so another idle worker wakes. The
-- fetch-next of a finish skips it: that worker is busy, and idle ones were woken on the way in.
-- Returns {jobFields, jobId, rateLimitTtl, nextDelayedTs}; a field is 0 when it does not apply.

local function readMeta(metaKey)
  return redis.call('HMGET', metaKey, 'paused', 'concurrency', 'max', 'duration', 'opts.maxLenEvents')
end

local function promoteDelayed(k, prefix, ts, maxLen)
  local ids = redis.call('ZRANGEBYSCORE', k.delayed, 0, num((ts + 1) * 4096 - 1), 'LIMIT', '0', '1000')
  for _, id in ipairs(ids) do
    redis.call('ZREM', k.delayed, id)
    local jobKey = prefix .. id
    local priority = redis.call('HGET', jobKey, 'priority')
    if priority ~= false or redis.call('EXISTS', jobKey) == 1 then
      priority = tonumber(priority or '0') or 0
      if priority > 0 then
        addPrioritized(k.prioritized, k.pc, id, priority)
      else
        redis.call('LPUSH', k.wait, id)
      end
      redis.call('HSET', jobKey, 'delay', 0)
      emit(k.events, maxLen, 'waiting', 'jobId', id, 'prev', 'delayed')
    end
  end
end

local function fetchJob(k, meta, prefix, ts, token, lockDuration, workerName, limitMax, limitDuration, wakeOthers)
  local maxLen = meta[5] or maxEvents(k.meta)
  promoteDelayed(k, prefix, ts, maxLen)

  local max = tonumber(meta[3]) or limitMax
  local duration = tonumber(meta[4]) or limitDuration
  local limited = max ~= nil and max > 0 and duration ~= nil and duration > 0
  if limited then
    local count = tonumber(redis.call('GET', k.limiter) or '0')
    if count >= max then
      local ttl = redis.call('PTTL', k.limiter)
      if ttl > 0 then
        return {0, 0, ttl, 0}
      end
      redis.call('DEL', k.limiter)
    end
  end

  if meta[1] then
    return {0, 0, 0, 0}
  end
  if meta[2] and redis.call('LLEN', k.active) >= tonumber(meta[2]) then
    return {0, 0, 0, 0}
  end

  local id
  local fields
  local again
  repeat
    again = false
    id = redis.call('RPOPLPUSH', k.wait, k.active)
    -- v4/v5 data may hold legacy "0:<ts>" markers inside wait: drop them.
    while id and string.sub(id, 1, 2) == '0:' do
      redis.call('LREM', k.active, 1, id)
      id = redis.call('RPOPLPUSH', k.wait, k.active)
    end
    if not id then
      local popped = redis.call('ZPOPMIN', k.prioritized)
      if #popped > 0 then
        id = popped[1]
        redis.call('LPUSH', k.active, id)
      else
        redis.call('DEL', k.pc)
      end
    end
    if id then
      fields = redis.call('HGETALL', prefix .. id)
      if #fields == 0 then
        -- removed while waiting: forget the id and take the next one
        redis.call('LREM', k.active, 1, id)
        id = nil
        again = true
      end
    end
  until not again

  if id then
    local jobKey = prefix .. id
    local atsAt = nil
    local deferred = false
    for i = 1, #fields, 2 do
      if fields[i] == 'ats' then
        atsAt = i + 1
      elseif fields[i] == 'defa' then
        deferred = true
      end
    end
    if limited and not deferred then
      if redis.call('INCR', k.limiter) == 1 then
        redis.call('PEXPIRE', k.limiter, duration)
      end
    end
    redis.call('SET', jobKey .. ':lock', token, 'PX', lockDuration)
    emit(k.events, maxLen, 'active', 'jobId', id, 'prev', 'waiting')
    -- one HSET instead of HSET + HINCRBY ats: only the lock holder changes ats
    local ats = num(atsAt and (tonumber(fields[atsAt]) or 0) + 1 or 1)
    if atsAt then
      fields[atsAt] = ats
    else
      table.insert(fields, 'ats')
      table.insert(fields, ats)
    end
    local processedOn = num(ts)
    table.insert(fields, 'processedOn')
    table.insert(fields, processedOn)
    if workerName ~= '' then
      redis.call('HSET', jobKey, 'processedOn', processedOn, 'ats', ats, 'pb', workerName)
      table.insert(fields, 'pb')
      table.insert(fields, workerName)
    else
      redis.call('HSET', jobKey, 'processedOn', processedOn, 'ats', ats)
    end
    if wakeOthers and (redis.call('LLEN', k.wait) > 0 or redis.call('ZCARD', k.prioritized) > 0) then
      redis.call('ZADD', k.marker, 0, '0')
    end
    return {fields, id, 0, 0}
  end

  local first = redis.call('ZRANGE', k.delayed, 0, 0, 'WITHSCORES')
  if #first > 0 then
    return {0, 0, 0, math.floor(tonumber(first[2]) / 4096)}
  end
  return {0, 0, 0, 0}
end
