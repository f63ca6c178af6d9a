import { DelayedError, type Job } from "bullmq";
import { errorMessage } from "../engine/kernel/errors.js";
import type { Context } from "../engine/platform/context.js";
import type { JobPayloads } from "../engine/platform/queues.js";
import { attemptDelivery, retryDelayMs } from "../engine/webhooks/deliver.js";
import { openDeliverySlots } from "../engine/webhooks/slots.js";

/** BullMQ back-off for webhook retries (`backoff: { type: "webhook" }`). */
export const webhookBackoff = (baseMs: number) => (attemptsMade: number) =>
  retryDelayMs(baseMs, attemptsMade);

/**
 * One delivery attempt per job attempt. A company may have at most `webhookCompanyConcurrency`
 * attempts in flight across all workers, each holding a leased slot (`engine/webhooks/slots.ts`)
 * named by its job id. Beyond that its job steps aside (delayed, not counted as an attempt), so
 * one slow or dead endpoint cannot hold the workers other companies need, and it sleeps until a
 * release hands it a slot and wakes it, or at the latest until a lease could lapse.
 */
export function webhookProcessor(ctx: Context) {
  const leaseMs = ctx.config.webhookSlotLeaseMs;
  const slots = openDeliverySlots(ctx.broker, {
    prefix: ctx.config.queuePrefix,
    limit: ctx.config.webhookCompanyConcurrency,
    leaseMs,
  });
  const wake = async (jobId: string | null) => {
    if (!jobId) return;
    const job = await ctx.queues.webhooks.getJob(jobId);
    // a job not delayed (yet) is woken by its own look after it was delayed, or by its due time
    await job?.promote().catch(() => {});
  };

  return async (job: Job<JobPayloads["webhooks"]>, token?: string) => {
    const { companyId } = job.data;
    const holder = job.id ?? job.data.deliveryId;
    const slot = await slots.acquire(companyId, holder);
    if (!slot.acquired) {
      await job.moveToDelayed(Date.now() + slot.retryInMs, token);
      // a release may have handed this job a slot while it was on its way to delayed, too early
      // to wake it: it looks once more now that it is delayed
      if (await slots.renew(companyId, holder)) await wake(holder);
      throw new DelayedError();
    }
    const renewal = setInterval(() => {
      slots
        .renew(companyId, holder)
        .then((kept) => {
          if (!kept) ctx.logger.warn({ companyId }, "webhook delivery slot lost while delivering");
        })
        .catch((error) => ctx.logger.warn({ err: errorMessage(error) }, "webhook slot not renewed"));
    }, leaseMs / 3);
    // a slot the broker could not take back lapses with its lease: the delivery's outcome stands
    let released: Promise<void> | undefined;
    const release = () => {
      clearInterval(renewal);
      released ??= slots
        .release(companyId, holder)
        .then(wake)
        .catch((error) => ctx.logger.warn({ err: errorMessage(error) }, "webhook slot not released"));
      return released;
    };
    try {
      // the slot stands for a request at the endpoint: free once it answered, while the attempt is recorded
      const outcome = await attemptDelivery(ctx, job.data.deliveryId, job.attemptsMade + 1, {
        onAnswered: () => void release(),
      });
      if (outcome.kind === "retry") throw new Error(outcome.error);
      return outcome;
    } finally {
      await release();
    }
  };
}
