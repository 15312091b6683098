-- upsertScheduler: creates or updates a job scheduler and its next job ("upsert"), or adds the
-- iteration after the one a worker just started ("next"). Scheduled job ids are
-- "repeat:<schedulerId>:<millis>", so an iteration exists at most once whoever adds it, and an
-- upsert that changes nothing is a no-op: app replicas upserting the same scheduler fire it once.
-- KEYS[1] repeat (zset: scheduler id -> next millis)   KEYS[2] scheduler hash   KEYS[3] meta
-- KEYS[4] id   KEYS[5] wait   KEYS[6] prioritized   KEYS[7] delayed   KEYS[8] marker
-- KEYS[9] events   KEYS[10] pc   KEYS[11] active
-- ARGV[1] key prefix   ARGV[2] scheduler id   ARGV[3] millis of the iteration to add
-- ARGV[4] now (ms)   ARGV[5] "upsert" | "next"   ARGV[6] "every" | "pattern"   ARGV[7] its value
-- ARGV[8] offset (ms)   ARGV[9] time zone or ""   ARGV[10] job name   ARGV[11] data JSON
-- ARGV[12] template opts JSON   ARGV[13] the job's opts JSON   ARGV[14] priority   ARGV[15] lifo
-- Returns {code, jobId}: 1 iteration added, 2 unchanged (jobId = pending iteration), 0 nothing
-- to do ("next" for a removed scheduler or an iteration already there).
-- @include common

local prefix = ARGV[1]
local schedulerId = ARGV[2]
local millis = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local priority = tonumber(ARGV[14])
local maxLen = maxEvents(KEYS[3])

local function iterationId(m)
  return 'repeat:' .. schedulerId .. ':' .. num(m)
end

local function createJob(m)
  local jobId = iterationId(m)
  local jobKey = prefix .. jobId
  if redis.call('EXISTS', jobKey) == 1 then
    return jobId
  end
  redis.call('INCR', KEYS[4])
  local delay = math.max(0, m - now)
  redis.call('HSET', jobKey, 'name', ARGV[10], 'data', ARGV[11], 'opts', ARGV[13], 'timestamp', num(now),
    'delay', num(delay), 'priority', priority, 'rjk', schedulerId)
  emit(KEYS[9], maxLen, 'added', 'jobId', jobId, 'name', ARGV[10])
  if delay > 0 then
    redis.call('ZADD', KEYS[7], num(delayedScore(KEYS[7], m)), jobId)
    emit(KEYS[9], maxLen, 'delayed', 'jobId', jobId, 'delay', num(m))
    if not isPausedOrMaxed(KEYS[3], KEYS[11]) then
      addDelayMarker(KEYS[8], KEYS[7])
    end
  else
    if priority > 0 then
      addPrioritized(KEYS[6], KEYS[10], jobId, priority)
    elseif ARGV[15] == '1' then
      redis.call('RPUSH', KEYS[5], jobId)
    else
      redis.call('LPUSH', KEYS[5], jobId)
    end
    if not isPausedOrMaxed(KEYS[3], KEYS[11]) then
      redis.call('ZADD', KEYS[8], 0, '0')
    end
    emit(KEYS[9], maxLen, 'waiting', 'jobId', jobId)
  end
  return jobId
end

if ARGV[5] == 'next' then
  if redis.call('EXISTS', KEYS[2]) == 0 then
    return {0, ''}
  end
  local current = redis.call('ZSCORE', KEYS[1], schedulerId)
  if current and tonumber(current) >= millis then
    return {0, ''}
  end
  redis.call('ZADD', KEYS[1], num(millis), schedulerId)
  redis.call('HINCRBY', KEYS[2], 'ic', 1)
  return {1, createJob(millis)}
end

local specKey = ARGV[6]
local otherKey = specKey == 'every' and 'pattern' or 'every'
local existing = redis.call('HMGET', KEYS[2], specKey, otherKey, 'tz', 'name', 'data', 'opts')
local pending = redis.call('ZSCORE', KEYS[1], schedulerId)
if pending and existing[1] == ARGV[7] and not existing[2] and (existing[3] or '') == ARGV[9]
    and existing[4] == ARGV[10] and existing[5] == ARGV[11] and existing[6] == ARGV[12] then
  return {2, iterationId(tonumber(pending))}
end

-- new or changed: the pending iteration, unless already started, is replaced
if pending then
  local oldId = iterationId(tonumber(pending))
  if redis.call('ZREM', KEYS[7], oldId) + redis.call('ZREM', KEYS[6], oldId) + redis.call('LREM', KEYS[5], 0, oldId) > 0 then
    deleteJobKeys(prefix, oldId)
  end
end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'name', ARGV[10], specKey, ARGV[7], 'offset', ARGV[8], 'data', ARGV[11],
  'opts', ARGV[12], 'ic', 1)
if ARGV[9] ~= '' then
  redis.call('HSET', KEYS[2], 'tz', ARGV[9])
end
redis.call('ZADD', KEYS[1], num(millis), schedulerId)
return {1, createJob(millis)}
