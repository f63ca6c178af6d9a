import { type JobsOptions, Queue } from "bullmq";
import type { RedisClient } from "./redis.js";

/** Every queue Verdict runs, and the payload of its jobs. */
export interface JobPayloads {
  /** Decide a batch of one company's pending sessions. The job id is the sessions' `batch_id`. */
  decide: {
    companyId: string;
    sessionIds: string[];
    /** Sessions decided by the job's earlier runs, when a run went back to the queue (engine/deciding/decide.ts). */
    decidedBefore?: number;
  };
  /** Expire parked sessions whose SLA ran out (delayed until then). */
  sla: { companyId: string; sessionIds: string[] };
  /** Deliver one webhook event (one attempt a job attempt; the id is the delivery's). */
  webhooks: { deliveryId: string; companyId: string };
  /** Write one CSV export into the file store. The job id is the export's id. */
  exports: { exportId: string; companyId: string };
  /** Recurring housekeeping; `task` says which. */
  maintenance: { task: MaintenanceTask };
}
export type QueueName = keyof JobPayloads;
export type MaintenanceTask = "reconcile" | "expire-sla" | "retention" | "expire-exports";

export const QUEUE_NAMES: readonly QueueName[] = ["decide", "sla", "webhooks", "exports", "maintenance"];

/**
 * The states of a job that will still run (or is running): a session or delivery whose job is in
 * one of them is not lost. The reconcilers ask only this.
 */
const LIVE_JOB_STATES = new Set([
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "paused",
]);

export const isLiveJobState = (state: string): boolean => LIVE_JOB_STATES.has(state);

/** Whether job `jobId` of `queue` will still run; false when Redis lost it or it failed for good. */
export async function isJobLive(queue: Queue, jobId: string): Promise<boolean> {
  return isLiveJobState(await queue.getJobState(jobId));
}

export type Queues = { [Name in QueueName]: Queue<JobPayloads[Name]> };

export const DECIDE_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Webhook attempts: the processor decides when the retry window is over (`webhook` back-off). */
export const WEBHOOK_JOB_OPTIONS: JobsOptions = {
  attempts: 50,
  backoff: { type: "webhook" },
  removeOnComplete: { count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** An export is retried twice on a failure (each try starts over); then it is `failed`. */
export const EXPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createQueues(connection: RedisClient, prefix: string): Queues {
  const make = <Name extends QueueName>(name: Name) => {
    const queue = new Queue<JobPayloads[Name]>(name, { connection, prefix, skipVersionCheck: true });
    // a Redis outage is for /readyz to report; unheard, BullMQ would print every reconnect attempt
    queue.on("error", () => {});
    return queue;
  };
  return {
    decide: make("decide"),
    sla: make("sla"),
    webhooks: make("webhooks"),
    exports: make("exports"),
    maintenance: make("maintenance"),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
