// A Node BullMQ worker. argv: queue, JSON options {concurrency, lockDuration, stalledInterval,
// expect}. The processor throws "boom <attemptsMade>" while attemptsMade < data.failTimes, else
// returns {by: "node", name, data}; with data.hang it never settles (for kill -9 tests).
// Prints one JSON line per outcome and exits after `expect` final outcomes (or runs until killed).
'use strict';
const { Worker } = require('bullmq');
const { connection, out, fail, queueName, arg } = require('./common');

const opts = JSON.parse(arg(3) || '{}');
let finals = 0;
const worker = new Worker(
  queueName,
  async (job) => {
    out({ event: 'processing', id: job.id, name: job.name, attemptsMade: job.attemptsMade });
    if (job.data && job.data.hang) {
      await new Promise(() => {});
    }
    if (job.data && job.data.failTimes > job.attemptsMade) {
      throw new Error('boom ' + job.attemptsMade);
    }
    if (job.data && job.data.progress) {
      await job.updateProgress(job.data.progress);
    }
    return { by: 'node', name: job.name, data: job.data };
  },
  {
    connection,
    concurrency: opts.concurrency || 1,
    lockDuration: opts.lockDuration || 30000,
    stalledInterval: opts.stalledInterval || 30000,
    drainDelay: 1,
  },
);
async function done() {
  finals += 1;
  if (opts.expect && finals >= opts.expect) {
    await worker.close();
    process.exit(0);
  }
}
worker.on('ready', () => out({ event: 'ready' }));
worker.on('completed', (job, rv) => {
  out({ event: 'completed', id: job.id, name: job.name, returnvalue: rv, attemptsMade: job.attemptsMade });
  done();
});
worker.on('failed', (job, err) => {
  const final = job.attemptsMade >= (job.opts.attempts || 1);
  out({ event: 'failed', id: job.id, name: job.name, reason: err.message, final });
  if (final) done();
});
worker.on('error', (err) => process.stderr.write('worker error: ' + err + '\n'));
