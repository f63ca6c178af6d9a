import type { Job } from "bullmq";
import type { Context } from "../engine/platform/context.js";
import type { JobPayloads } from "../engine/platform/queues.js";
import { expireAwaiting } from "../engine/review/sla.js";

/** Expires the parked sessions a delayed job carries, when the SLA has run out for them. */
export function slaProcessor(ctx: Context) {
  return async (job: Job<JobPayloads["sla"]>) => ({
    expired: await expireAwaiting(ctx, job.data.companyId, job.data.sessionIds),
  });
}
