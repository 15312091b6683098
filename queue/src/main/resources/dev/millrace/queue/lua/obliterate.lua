-- obliterate: deletes a paused queue with all its jobs, at most ARGV[2] jobs per call.
-- KEYS[1] meta
-- ARGV[1] key prefix   ARGV[2] max jobs per call   ARGV[3] force "1"/"0" (also delete active jobs)
-- Returns {1} call again, {0} done, {-10} queue not paused, {-11} active jobs and no force.

local prefix = ARGV[1]
local budget = tonumber(ARGV[2])
if redis.call('HEXISTS', KEYS[1], 'paused') == 0 then
  return {-10}
end
if ARGV[3] ~= '1' and redis.call('LLEN', prefix .. 'active') > 0 then
  return {-11}
end

local function deleteJob(id)
  local jobKey = prefix .. id
  local deid = redis.call('HGET', jobKey, 'deid')
  if deid and redis.call('GET', prefix .. 'de:' .. deid) == id then
    redis.call('DEL', prefix .. 'de:' .. deid)
  end
  redis.call('DEL', jobKey, jobKey .. ':logs', jobKey .. ':lock', jobKey .. ':dependencies',
    jobKey .. ':processed', jobKey .. ':failed', jobKey .. ':unsuccessful')
end

for _, list in ipairs({'active', 'wait', 'paused'}) do
  local key = prefix .. list
  local ids = redis.call('LRANGE', key, -budget, -1)
  for _, id in ipairs(ids) do
    deleteJob(id)
  end
  if #ids > 0 then
    redis.call('LTRIM', key, 0, -(#ids + 1))
  end
  budget = budget - #ids
  if budget <= 0 then
    return {1}
  end
end
for _, set in ipairs({'prioritized', 'delayed', 'completed', 'failed', 'waiting-children'}) do
  local key = prefix .. set
  local ids = redis.call('ZRANGE', key, 0, budget - 1)
  for _, id in ipairs(ids) do
    deleteJob(id)
  end
  if #ids > 0 then
    redis.call('ZREMRANGEBYRANK', key, 0, #ids - 1)
  end
  budget = budget - #ids
  if budget <= 0 then
    return {1}
  end
end

for _, schedulerId in ipairs(redis.call('ZRANGE', prefix .. 'repeat', 0, -1)) do
  redis.call('DEL', prefix .. 'repeat:' .. schedulerId)
end
redis.call('DEL', prefix .. 'repeat', prefix .. 'events', prefix .. 'delay', prefix .. 'stalled-check',
  prefix .. 'stalled', prefix .. 'id', prefix .. 'pc', prefix .. 'marker', prefix .. 'limiter',
  prefix .. 'metrics:completed', prefix .. 'metrics:completed:data', prefix .. 'metrics:failed',
  prefix .. 'metrics:failed:data', KEYS[1])
return {0}
