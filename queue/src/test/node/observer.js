// Node QueueEvents watching a queue. argv: queue, optional JSON {add: {name, data, opts}, timeout}.
// Prints {"event":"ready"}, then one line per stream event it sees (active, progress, completed,
// failed, ...). With "add", it adds that job with Node and prints {"finished": value} or
// {"finishedError": reason} when job.waitUntilFinished() settles; exits on stdin end or after that.
'use strict';
const { Queue, QueueEvents } = require('bullmq');
const { connection, out, fail, queueName, arg } = require('./common');

(async () => {
  const opts = JSON.parse(arg(3) || '{}');
  const events = new QueueEvents(queueName, { connection });
  for (const name of ['active', 'progress', 'completed', 'failed', 'waiting', 'delayed', 'stalled', 'removed']) {
    events.on(name, (args) => out(Object.assign({ event: name }, args)));
  }
  await events.waitUntilReady();
  out({ event: 'ready' });
  process.stdin.on('end', async () => {
    await events.close();
    process.exit(0);
  });
  process.stdin.resume();
  if (opts.add) {
    const queue = new Queue(queueName, { connection });
    const job = await queue.add(opts.add.name, opts.add.data, opts.add.opts || {});
    out({ event: 'added-by-node', id: job.id });
    try {
      const value = await job.waitUntilFinished(events, opts.timeout || 10000);
      out({ finished: value, id: job.id });
    } catch (err) {
      out({ finishedError: err.message, id: job.id });
    }
    await queue.close();
  }
})().catch(fail);
