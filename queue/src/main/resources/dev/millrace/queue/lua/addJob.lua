-- addJob: stores a new job and places it in wait, prioritized or delayed, in one step.
-- KEYS[1] meta        KEYS[2] id          KEYS[3] wait        KEYS[4] prioritized
-- KEYS[5] delayed     KEYS[6] marker      KEYS[7] events      KEYS[8] pc
-- KEYS[9] active
-- ARGV[1] key prefix ("bull:Q:")   ARGV[2] custom job id or ""   ARGV[3] name
-- ARGV[4] timestamp (ms)           ARGV[5] data (JSON text)      ARGV[6] opts (JSON text)
-- ARGV[7] delay (ms)               ARGV[8] priority              ARGV[9] lifo "1"/"0"
-- ARGV[10] deduplication id or ""  ARGV[11] deduplication ttl (ms) or ""
-- Returns {code, jobId}: code 0 added, 1 duplicated (custom id exists), 2 deduplicated.
-- @include common

local prefix = ARGV[1]
local ts = tonumber(ARGV[4])
local delay = tonumber(ARGV[7])
local priority = tonumber(ARGV[8])
local maxLen = maxEvents(KEYS[1])

-- Node increments the counter even for a custom id; so do we, so ids agree whoever adds.
local nextId = redis.call('INCR', KEYS[2])
local id = ARGV[2]
if id == '' then
  id = tostring(nextId)
elseif redis.call('EXISTS', prefix .. id) == 1 then
  emit(KEYS[7], maxLen, 'duplicated', 'jobId', id)
  return {1, id}
end
local jobKey = prefix .. id

local dedupId = ARGV[10]
if dedupId ~= '' then
  local dedupKey = prefix .. 'de:' .. dedupId
  local set
  if ARGV[11] ~= '' then
    set = redis.call('SET', dedupKey, id, 'PX', ARGV[11], 'NX')
  else
    set = redis.call('SET', dedupKey, id, 'NX')
  end
  if not set then
    local existing = redis.call('GET', dedupKey)
    emit(KEYS[7], maxLen, 'deduplicated', 'jobId', existing, 'deduplicationId', dedupId, 'deduplicatedJobId', id)
    return {2, existing}
  end
  redis.call('HSET', jobKey, 'name', ARGV[3], 'data', ARGV[5], 'opts', ARGV[6], 'timestamp', ARGV[4],
    'delay', delay, 'priority', priority, 'deid', dedupId)
else
  redis.call('HSET', jobKey, 'name', ARGV[3], 'data', ARGV[5], 'opts', ARGV[6], 'timestamp', ARGV[4],
    'delay', delay, 'priority', priority)
end
emit(KEYS[7], maxLen, 'added', 'jobId', id, 'name', ARGV[3])

if delay > 0 then
  local readyTs = ts + delay
  redis.call('ZADD', KEYS[5], num(delayedScore(KEYS[5], readyTs)), id)
  emit(KEYS[7], maxLen, 'delayed', 'jobId', id, 'delay', num(readyTs))
  if not isPausedOrMaxed(KEYS[1], KEYS[9]) then
    addDelayMarker(KEYS[6], KEYS[5])
  end
  return {0, id}
end

if priority > 0 then
  addPrioritized(KEYS[4], KEYS[8], id, priority)
elseif ARGV[9] == '1' then
  redis.call('RPUSH', KEYS[3], id)
else
  redis.call('LPUSH', KEYS[3], id)
end
if not isPausedOrMaxed(KEYS[1], KEYS[9]) then
  redis.call('ZADD', KEYS[6], 0, '0')
end
emit(KEYS[7], maxLen, 'waiting', 'jobId', id)
return {0, id}
