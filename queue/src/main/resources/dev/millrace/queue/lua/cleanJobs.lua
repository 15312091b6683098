-- cleanJobs: deletes up to ARGV[3] jobs of one state older than a cutoff (finishedOn for completed
-- and failed, timestamp otherwise). Locked jobs are skipped.
-- KEYS[1] state key (completed | failed | delayed | prioritized: zset; wait | paused: list)
-- KEYS[2] events   KEYS[3] meta
-- ARGV[1] key prefix   ARGV[2] cutoff timestamp (ms)   ARGV[3] limit (0 = no limit)
-- ARGV[4] "zset" | "list"   ARGV[5] "finishedOn" | "timestamp"
-- Returns the ids deleted.
-- @include common

local prefix = ARGV[1]
local cutoff = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local isZset = ARGV[4] == 'zset'
local ids
if isZset then
  ids = redis.call('ZRANGE', KEYS[1], 0, -1)
else
  ids = redis.call('LRANGE', KEYS[1], 0, -1)
end
local deleted = {}
for _, id in ipairs(ids) do
  if limit > 0 and #deleted >= limit then
    break
  end
  local jobKey = prefix .. id
  if redis.call('EXISTS', jobKey .. ':lock') == 0 then
    local t = tonumber(redis.call('HGET', jobKey, ARGV[5]) or redis.call('HGET', jobKey, 'timestamp') or '0')
    if t == nil or t < cutoff then
      if isZset then
        redis.call('ZREM', KEYS[1], id)
      else
        redis.call('LREM', KEYS[1], 0, id)
      end
      deleteJobKeys(prefix, id)
      table.insert(deleted, id)
    end
  end
end
emit(KEYS[2], maxEvents(KEYS[3]), 'cleaned', 'count', #deleted)
return deleted
