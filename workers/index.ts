import { type Processor, Worker, type WorkerOptions } from "bullmq";
import type { Context } from "../engine/context.js";
import { errorMessage } from "../engine/errors.js";
import type { JobPayloads, QueueName } from "../engine/queues.js";
import { decideProcessor } from "./decide.js";
import { maintenanceProcessor, scheduleMaintenance } from "./maintenance.js";
import { slaProcessor } from "./sla.js";
import { webhookBackoff, webhookProcessor } from "./webhooks.js";

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Starts a worker for every queue; `close` lets running jobs finish, then disconnects. */
export async function startWorkers(ctx: Context): Promise<Workers> {
  const make = <Name extends QueueName>(
    name: Name,
    processor: Processor<JobPayloads[Name]>,
    concurrency: number,
    options: Partial<WorkerOptions> = {},
  ): Worker<JobPayloads[Name]> => {
    const worker = new Worker<JobPayloads[Name]>(name, processor, {
      connection: ctx.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: ctx.config.queuePrefix,
      concurrency,
      skipVersionCheck: true,
      ...options,
    });
    worker.on("failed", (job, error) =>
      ctx.logger.error(
        { queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: errorMessage(error) },
        "job failed",
      ),
    );
    worker.on("error", (error) =>
      ctx.logger.error({ queue: name, err: errorMessage(error) }, "worker error"),
    );
    return worker;
  };
  const workers: Worker[] = [
    make("decide", decideProcessor(ctx), ctx.config.decideConcurrency),
    make("sla", slaProcessor(ctx), 2),
    make("webhooks", webhookProcessor(ctx), 32, {
      settings: { backoffStrategy: webhookBackoff(ctx.config.webhookRetryBaseMs) },
    }),
    make("maintenance", maintenanceProcessor(ctx), 1),
  ];

  await scheduleMaintenance(ctx);
  // A Redis that restarted empty has lost the schedulers too: put them back on every reconnect.
  const reschedule = () =>
    scheduleMaintenance(ctx).catch((error) =>
      ctx.logger.warn({ err: errorMessage(error) }, "rescheduling failed"),
    );
  ctx.redis.on("ready", reschedule);

  return {
    workers,
    async close() {
      ctx.redis.off("ready", reschedule);
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(workers.map((worker) => worker.disconnect()));
    },
  };
}
