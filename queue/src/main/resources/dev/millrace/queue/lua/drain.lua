-- drain: deletes every waiting and prioritized job, and the delayed ones when asked. Active,
-- completed and failed jobs stay; so do the pending iterations of job schedulers.
-- KEYS[1] wait   KEYS[2] prioritized   KEYS[3] delayed   KEYS[4] pc   KEYS[5] events   KEYS[6] meta
-- KEYS[7] marker
-- ARGV[1] key prefix   ARGV[2] include delayed "1"/"0"
-- Returns {number of jobs deleted}.
-- @include common

local prefix = ARGV[1]
local deleted = 0
for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  deleteJobKeys(prefix, id)
  deleted = deleted + 1
end
redis.call('DEL', KEYS[1])
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  deleteJobKeys(prefix, id)
  deleted = deleted + 1
end
redis.call('DEL', KEYS[2], KEYS[4])
if ARGV[2] == '1' then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    if string.sub(id, 1, 7) ~= 'repeat:' then
      deleteJobKeys(prefix, id)
      redis.call('ZREM', KEYS[3], id)
      deleted = deleted + 1
    end
  end
  if redis.call('ZCARD', KEYS[3]) == 0 then
    redis.call('ZREM', KEYS[7], '1')
  end
end
emit(KEYS[5], maxEvents(KEYS[6]), 'cleaned', 'count', deleted)
return {deleted}
