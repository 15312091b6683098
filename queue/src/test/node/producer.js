// Adds jobs with Node BullMQ. argv: queue, JSON array of {name, data, opts}.
// Prints {"ids":[...]} (the id Node returned for each add) and exits.
'use strict';
const { Queue } = require('bullmq');
const { connection, out, fail, queueName, arg } = require('./common');

(async () => {
  const jobs = JSON.parse(arg(3));
  const queue = new Queue(queueName, { connection });
  const ids = [];
  for (const j of jobs) {
    const job = await queue.add(j.name, j.data, j.opts || {});
    ids.push(job.id);
  }
  out({ ids });
  await queue.close();
})().catch(fail);
