import { hostname } from "node:os";
import { type Processor, Worker, type WorkerOptions } from "bullmq";
import { errorMessage } from "../engine/kernel/errors.js";
import type { Context } from "../engine/platform/context.js";
import { logScope } from "../engine/platform/logger.js";
import { type JobPayloads, type QueueName, queueConnection } from "../engine/platform/queues.js";
import { keepMaintenanceScheduled, scheduleMaintenance } from "../engine/platform/schedules.js";
import { decideProcessor } from "./decide.js";
import { exportProcessor } from "./exports.js";
import { maintenanceProcessor } from "./maintenance.js";
import { simulationProcessor } from "./simulations.js";
import { slaProcessor } from "./sla.js";
import { webhookBackoff, webhookProcessor } from "./webhooks.js";

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

/** This process, as BullMQ records it in `processedBy`: host and pid. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** Starts a worker for every queue; `close` lets running jobs finish, then disconnects. */
export async function startWorkers(ctx: Context): Promise<Workers> {
  const make = <Name extends QueueName>(
    name: Name,
    processor: Processor<JobPayloads[Name]>,
    concurrency: number,
    options: Partial<WorkerOptions> = {},
  ): Worker<JobPayloads[Name]> => {
    // every log line written while a job runs names its queue and id
    const scoped: Processor<JobPayloads[Name]> = (job, token) =>
      logScope.run({ queue: name, jobId: job.id }, () => processor(job, token));
    const { options: connection, backend } = queueConnection(ctx.broker, ctx.config.queuePrefix);
    const worker = new Worker<JobPayloads[Name]>(
      name,
      scoped,
      {
        ...connection,
        // a connection of its own for Redis (as the broker's: maxRetriesPerRequest null, as BullMQ needs)
        ...(ctx.broker.kind === "redis" ? { connection: ctx.broker.redis.duplicate() } : {}),
        concurrency,
        // `processedBy` of each job: which process ran it
        name: WORKER_NAME,
        // a killed worker's jobs go to another after the lock expires, at the next stalled check
        lockDuration: ctx.config.lockDurationMs,
        stalledInterval: ctx.config.stalledIntervalMs,
        ...options,
      } as WorkerOptions,
      backend as never,
    );
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
    make("sla", slaProcessor(ctx), ctx.config.slaConcurrency),
    make("webhooks", webhookProcessor(ctx), ctx.config.webhookConcurrency, {
      settings: { backoffStrategy: webhookBackoff(ctx.config.webhookRetryBaseMs) },
    }),
    make("exports", exportProcessor(ctx), ctx.config.exportConcurrency),
    make("simulations", simulationProcessor(ctx), ctx.config.simulationConcurrency),
    make("maintenance", maintenanceProcessor(ctx), ctx.config.maintenanceConcurrency),
  ];

  await scheduleMaintenance(ctx);
  const stopScheduling = keepMaintenanceScheduled(ctx);

  return {
    workers,
    async close() {
      stopScheduling();
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(workers.map((worker) => worker.disconnect()));
    },
  };
}
