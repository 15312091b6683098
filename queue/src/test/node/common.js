// Shared set-up for the interop scripts: connection options from REDIS_URL, JSON-lines output.
'use strict';
const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const connection = {
  host: url.hostname,
  port: Number(url.port || 6379),
  password: url.password || undefined,
  maxRetriesPerRequest: null,
};
function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}
function fail(err) {
  process.stderr.write(String((err && err.stack) || err) + '\n');
  process.exit(1);
}
module.exports = { connection, out, fail, queueName: process.argv[2], arg: (i) => process.argv[i] };
