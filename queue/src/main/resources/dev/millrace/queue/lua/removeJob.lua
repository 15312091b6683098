-- removeJob: removes a job that no worker holds, from whichever state it is in, with its keys.
-- KEYS[1] job hash   KEYS[2] events   KEYS[3] meta
-- ARGV[1] job id     ARGV[2] key prefix
-- Returns {1} removed, {0} locked by a worker, {-1} no such job.
-- @include common

local id = ARGV[1]
local prefix = ARGV[2]
local jobKey = KEYS[1]
if redis.call('EXISTS', jobKey) == 0 then
  return {-1}
end
if redis.call('EXISTS', jobKey .. ':lock') == 1 then
  return {0}
end
local prev = 'unknown'
for _, state in ipairs({'completed', 'failed', 'delayed', 'prioritized', 'waiting-children'}) do
  if redis.call('ZREM', prefix .. state, id) > 0 then
    prev = state
  end
end
for _, state in ipairs({'wait', 'paused', 'active'}) do
  if redis.call('LREM', prefix .. state, 0, id) > 0 then
    prev = state == 'wait' and 'waiting' or state
  end
end
deleteJobKeys(prefix, id)
emit(KEYS[2], maxEvents(KEYS[3]), 'removed', 'jobId', id, 'prev', prev)
return {1}
