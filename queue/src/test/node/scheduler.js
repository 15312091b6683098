// Upserts a job scheduler with Node BullMQ. argv: queue, scheduler id, JSON repeat options
// ({every} or {pattern}), JSON template ({name, data, opts}). Prints {"ok":true,"id":...}.
'use strict';
const { Queue } = require('bullmq');
const { connection, out, fail, queueName, arg } = require('./common');

(async () => {
  const queue = new Queue(queueName, { connection });
  const job = await queue.upsertJobScheduler(arg(3), JSON.parse(arg(4)), JSON.parse(arg(5)));
  out({ ok: true, id: job && job.id });
  await queue.close();
})().catch(fail);
