import { DelayedError, type Job } from "bullmq";
import type { Context } from "../engine/context.js";
import type { JobPayloads } from "../engine/queues.js";
import { attemptDelivery, retryDelayMs } from "../engine/webhooks/deliver.js";

/** BullMQ back-off for webhook retries (`backoff: { type: "webhook" }`). */
export const webhookBackoff = (baseMs: number) => (attemptsMade: number) =>
  retryDelayMs(baseMs, attemptsMade);

/**
 * One delivery attempt per job attempt. A company may have at most `webhookCompanyConcurrency`
 * attempts in flight across all workers; beyond that its job steps aside (delayed, not counted
 * as an attempt), so one slow or dead endpoint cannot hold the workers other companies need.
 */
export function webhookProcessor(ctx: Context) {
  return async (job: Job<JobPayloads["webhooks"]>, token?: string) => {
    const slots = `${ctx.config.queuePrefix}:webhooks:in-flight:${job.data.companyId}`;
    const inFlight = await ctx.redis.incr(slots);
    await ctx.redis.pexpire(slots, ctx.config.webhookTimeoutMs * 3);
    if (inFlight > ctx.config.webhookCompanyConcurrency) {
      await ctx.redis.decr(slots);
      await job.moveToDelayed(Date.now() + 500 + Math.round(Math.random() * 1000), token);
      throw new DelayedError();
    }
    try {
      const outcome = await attemptDelivery(ctx, job.data.deliveryId, job.attemptsMade + 1);
      if (outcome.kind === "retry") throw new Error(outcome.error);
      return outcome;
    } finally {
      await ctx.redis.decr(slots);
    }
  };
}
