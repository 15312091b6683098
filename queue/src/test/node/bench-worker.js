// Benchmark worker: processes `count` no-op jobs with Node BullMQ at the given concurrency and
// prints {"elapsedMs": ...} measured from worker creation to the last completion.
// argv: queue, concurrency, count.
'use strict';
const { Worker } = require('bullmq');
const { connection, out, queueName, arg } = require('./common');

const concurrency = Number(arg(3));
const count = Number(arg(4));
let done = 0;
const start = Date.now();
const worker = new Worker(queueName, async () => null, { connection, concurrency, drainDelay: 1 });
worker.on('completed', () => {
  done += 1;
  if (done === count) {
    out({ elapsedMs: Date.now() - start });
    worker.close().then(() => process.exit(0));
  }
});
worker.on('error', (err) => process.stderr.write('worker error: ' + err + '\n'));
