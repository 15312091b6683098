-- moveToFinished: completes or finally fails an active job the caller holds the lock of, keeps or
-- removes it (removeOnComplete/removeOnFail), and optionally fetches the next job in the same call.
-- KEYS[1] wait      KEYS[2] active   KEYS[3] prioritized   KEYS[4] events   KEYS[5] stalled
-- KEYS[6] limiter   KEYS[7] delayed  KEYS[8] meta          KEYS[9] pc       KEYS[10] marker
-- KEYS[11] target set (completed | failed)                 KEYS[12] job hash
-- ARGV[1] key prefix   ARGV[2] timestamp (ms)   ARGV[3] lock token   ARGV[4] lock duration (ms)
-- ARGV[5] worker name or ""   ARGV[6] worker rate limit max or ""   ARGV[7] its duration (ms) or ""
-- ARGV[8] job id   ARGV[9] "completed" | "failed"   ARGV[10] return value JSON | failed reason
-- ARGV[11] keep count (-1 all, 0 none, n newest)   ARGV[12] keep age (s, 0 = any age)
-- ARGV[13] fetch next "1"/"0"   ARGV[14] attempts (opts)   ARGV[15] stacktrace JSON or ""
-- ARGV[16] lock token for the next job   ARGV[17] attempts made after this one (atm)
-- ARGV[18] the job's deduplication id (hash field deid) or ""
-- Returns {code} on error (-2 no lock, -6 lock mismatch, -3 not active), else
-- {0, jobFields, jobId, rateLimitTtl, nextDelayedTs} (zeros when nothing was fetched).
-- Written for few commands per job: this script runs once per processed job.
-- @include common
-- @include fetch

local prefix = ARGV[1]
local ts = tonumber(ARGV[2])
local id = ARGV[8]
local jobKey = KEYS[12]
local completed = ARGV[9] == 'completed'

-- A lock exists only while its job is active, so the lock check also proves the job exists.
-- The job stays in the stalled set: the stalled check skips ids no longer in active, and clears
-- the set on every run, so the SREM is not worth a command per job.
-- GETDEL reads and releases the lock in one command; a lock that is not the caller's is put back
-- (with a whole lock duration: the refusal is rare, and a longer lock is only a later stall check).
local lock = redis.call('GETDEL', jobKey .. ':lock')
if ARGV[3] ~= '0' then
  if not lock then
    return {-2}
  end
  if lock ~= ARGV[3] then
    redis.call('SET', jobKey .. ':lock', lock, 'PX', ARGV[4])
    return {-6}
  end
end
if redis.call('LREM', KEYS[2], '-1', id) == 0 then
  return {-3}
end

local meta = readMeta(KEYS[8])
local maxLen = meta[5] or maxEvents(KEYS[8])
local deid = ARGV[18] ~= '' and ARGV[18] or false
local throttled = deid and isThrottled(jobKey)
if deid and not throttled then
  releaseDedup(prefix, jobKey, id)
end
-- only the lock holder changes atm, so the caller's count is exact
local atm = tonumber(ARGV[17])
local prop = completed and 'returnvalue' or 'failedReason'
local keepCount = tonumber(ARGV[11])
local keepAge = tonumber(ARGV[12])

if keepCount == 0 then
  deleteJobKeys(prefix, id, not deid or throttled)
else
  redis.call('ZADD', KEYS[11], ARGV[2], id)
  if completed then
    redis.call('HSET', jobKey, prop, ARGV[10], 'finishedOn', ARGV[2], 'atm', ARGV[17])
  else
    redis.call('HSET', jobKey, prop, ARGV[10], 'finishedOn', ARGV[2], 'atm', ARGV[17])
    if ARGV[15] ~= '' then
      redis.call('HSET', jobKey, 'stacktrace', ARGV[15])
    end
    redis.call('HDEL', jobKey, 'defa')
  end
  if keepAge > 0 then
    local old = redis.call('ZRANGEBYSCORE', KEYS[11], 0, num(ts - keepAge * 1000), 'LIMIT', '0', '1000')
    for _, oldId in ipairs(old) do
      deleteJobKeys(prefix, oldId, isThrottled(prefix .. oldId))
      redis.call('ZREM', KEYS[11], oldId)
    end
  end
  if keepCount > 0 then
    local old = redis.call('ZRANGE', KEYS[11], 0, -(keepCount + 1))
    for _, oldId in ipairs(old) do
      deleteJobKeys(prefix, oldId, isThrottled(prefix .. oldId))
    end
    if #old > 0 then
      redis.call('ZREMRANGEBYRANK', KEYS[11], 0, -(keepCount + 1))
    end
  end
end

-- XADD trims with MAXLEN ~, so the stream stays bounded without an XTRIM per job
emit(KEYS[4], maxLen, ARGV[9], 'jobId', id, prop, ARGV[10], 'prev', 'active')
if not completed and atm >= (tonumber(ARGV[14]) or 0) then
  emit(KEYS[4], maxLen, 'retries-exhausted', 'jobId', id, 'attemptsMade', ARGV[17])
end

local next = {0, 0, 0, 0}
if ARGV[13] == '1' then
  local k = {wait = KEYS[1], active = KEYS[2], prioritized = KEYS[3], events = KEYS[4], stalled = KEYS[5],
    limiter = KEYS[6], delayed = KEYS[7], meta = KEYS[8], pc = KEYS[9], marker = KEYS[10]}
  next = fetchJob(k, meta, prefix, ts, ARGV[16], ARGV[4], ARGV[5], tonumber(ARGV[6]),
    tonumber(ARGV[7]), false)
end
-- nothing more to do anywhere: tell observers the queue is drained
if next[2] == 0 and redis.call('LLEN', KEYS[1]) == 0 and redis.call('LLEN', KEYS[2]) == 0
    and redis.call('ZCARD', KEYS[3]) == 0 then
  emit(KEYS[4], maxLen, 'drained')
end
return {0, next[1], next[2], next[3], next[4]}
