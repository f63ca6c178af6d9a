import { type JobsOptions, Queue } from "bullmq";
import type { Broker } from "./broker.js";

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
  /** Run one simulation of a draft condition set (engine/rule-lab). The job id is the simulation's id. */
  simulations: { simulationId: string; companyId: string };
  /** Recurring housekeeping; `task` says which. */
  maintenance: { task: MaintenanceTask };
}
export type QueueName = keyof JobPayloads;
export type MaintenanceTask = "reconcile" | "expire-sla" | "retention" | "expire-exports" | "remove-files";

export const QUEUE_NAMES: readonly QueueName[] = [
  "decide",
  "sla",
  "webhooks",
  "exports",
  "simulations",
  "maintenance",
];

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

const KEEP_FINISHED = { removeOnComplete: { count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/** Each queue's job name and options: the one place that knows how a job of it runs. */
export const JOBS = {
  decide: {
    name: "decide",
    options: { attempts: 12, backoff: { type: "exponential", delay: 1000 }, ...KEEP_FINISHED },
  },
  /** Retried a few times; a resolution that won first makes the job a no-op. */
  sla: {
    name: "expire",
    options: { attempts: 5, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: 1000 },
  },
  /** Webhook attempts: the processor decides when the retry window is over (`webhook` back-off). */
  webhooks: { name: "deliver", options: { attempts: 50, backoff: { type: "webhook" }, ...KEEP_FINISHED } },
  /** An export is retried twice on a failure (each try starts over); then it is `failed`. */
  exports: {
    name: "export",
    options: { attempts: 3, backoff: { type: "exponential", delay: 5000 }, ...KEEP_FINISHED },
  },
  /** A simulation runs once; a company at its cap of running ones delays its job without an attempt. */
  simulations: { name: "simulate", options: { attempts: 1, ...KEEP_FINISHED } },
  /** Made by the job schedulers, one a task (engine/platform/schedules.ts), named by their task. */
  maintenance: { name: "maintenance", options: { removeOnComplete: 100, removeOnFail: 100 } },
} as const satisfies { [Name in QueueName]: { name: string; options: JobsOptions } };

/** What a caller says of one job: its id (the dedupe key), and a priority or a delay where it needs one. */
export type JobPlacement = Pick<JobsOptions, "jobId" | "priority" | "delay">;

/** Adds one job to `queue` with that queue's name and options. */
export function enqueue<Name extends QueueName>(
  queues: Queues,
  queue: Name,
  data: JobPayloads[Name],
  placement: JobPlacement = {},
) {
  const { name, options } = JOBS[queue];
  return (queues[queue] as Queue<JobPayloads[Name]>).add(name as never, data as never, {
    ...options,
    ...placement,
  });
}

/**
 * A few jobs are added one by one, at once: BullMQ's Postgres backend builds temporary tables
 * for every bulk add, which cost more than a few single adds (in Redis either is one round trip).
 */
const ONE_BY_ONE_UP_TO = 8;

/** Adds jobs to `queue`, each with that queue's name and options: in one round trip, or a few at once. */
export async function enqueueBulk<Name extends QueueName>(
  queues: Queues,
  queue: Name,
  jobs: { data: JobPayloads[Name]; placement?: JobPlacement }[],
) {
  if (jobs.length <= ONE_BY_ONE_UP_TO) {
    return Promise.all(jobs.map(({ data, placement }) => enqueue(queues, queue, data, placement)));
  }
  const { name, options } = JOBS[queue];
  return (queues[queue] as Queue<JobPayloads[Name]>).addBulk(
    jobs.map(({ data, placement }) => ({
      name: name as never,
      data: data as never,
      opts: { ...options, ...placement },
    })),
  );
}

/** Where BullMQ's Queue and Worker of `broker` connect: their options, and the backend for Postgres. */
export function queueConnection(broker: Broker, prefix: string) {
  return broker.kind === "redis"
    ? { options: { connection: broker.redis, prefix, skipVersionCheck: true }, backend: undefined }
    : { options: { connection: broker.queuePool, prefix, skipVersionCheck: true }, backend: broker.backend };
}

export function createQueues(broker: Broker, prefix: string): Queues {
  const { options, backend } = queueConnection(broker, prefix);
  const make = <Name extends QueueName>(name: Name) => {
    const queue = new Queue<JobPayloads[Name]>(name, options as never, backend as never);
    // an outage is for /readyz to report; unheard, BullMQ would print every reconnect attempt
    queue.on("error", () => {});
    return queue;
  };
  return {
    decide: make("decide"),
    sla: make("sla"),
    webhooks: make("webhooks"),
    exports: make("exports"),
    simulations: make("simulations"),
    maintenance: make("maintenance"),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
