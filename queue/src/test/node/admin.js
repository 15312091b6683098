// Node BullMQ admin calls. argv: queue, command, [arg]. Commands: counts, pause, resume, isPaused,
// obliterate, workers (names of connected workers), getJob <id> (prints state, returnvalue, attemptsMade, failedReason, data, opts).
'use strict';
const { Queue } = require('bullmq');
const { connection, out, fail, queueName, arg } = require('./common');

(async () => {
  const queue = new Queue(queueName, { connection });
  const command = arg(3);
  switch (command) {
    case 'counts':
      out(await queue.getJobCounts());
      break;
    case 'pause':
      await queue.pause();
      out({ ok: true });
      break;
    case 'resume':
      await queue.resume();
      out({ ok: true });
      break;
    case 'isPaused':
      out({ paused: await queue.isPaused() });
      break;
    case 'workers':
      out((await queue.getWorkers()).map((w) => w.name));
      break;
    case 'obliterate':
      await queue.obliterate({ force: true });
      out({ ok: true });
      break;
    case 'getJob': {
      const job = await queue.getJob(arg(4));
      if (!job) {
        out({ missing: true });
        break;
      }
      out({
        id: job.id,
        name: job.name,
        state: await job.getState(),
        data: job.data,
        opts: job.opts,
        returnvalue: job.returnvalue,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason,
        progress: job.progress,
        delay: job.delay,
        priority: job.priority,
      });
      break;
    }
    default:
      throw new Error('unknown command ' + command);
  }
  await queue.close();
})().catch(fail);
