-- extendLocks: renews, in one call, the locks of all jobs a worker holds.
-- KEYS[1] stalled
-- ARGV[1] key prefix   ARGV[2] lock duration (ms)   ARGV[3..] pairs: job id, lock token
-- Returns the ids whose lock was missing or held by another token.

local failed = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local token = ARGV[i + 1]
  local lockKey = ARGV[1] .. id .. ':lock'
  if redis.call('GET', lockKey) == token then
    redis.call('SET', lockKey, token, 'PX', ARGV[2])
    redis.call('SREM', KEYS[1], id)
  else
    table.insert(failed, id)
  end
end
return failed
