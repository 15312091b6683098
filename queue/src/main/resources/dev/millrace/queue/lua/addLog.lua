-- addLog: appends one log line to a job, keeping only the newest keepLogs lines when set.
-- KEYS[1] job hash   KEYS[2] job logs list
-- ARGV[1] log line   ARGV[2] keepLogs or ""
-- Returns {0, number of lines}, or {-1} when the job does not exist.

if redis.call('EXISTS', KEYS[1]) == 0 then
  return {-1}
end
local count = redis.call('RPUSH', KEYS[2], ARGV[1])
local keep = tonumber(ARGV[2])
if keep and keep > 0 and count > keep then
  redis.call('LTRIM', KEYS[2], -keep, -1)
  count = keep
end
return {0, count}
