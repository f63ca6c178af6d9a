import type { Job } from "bullmq";
import type { Context } from "../engine/context.js";
import { decideBatch, RuleSetCache } from "../engine/decide.js";
import type { JobPayloads } from "../engine/queues.js";

/** Decides the sessions a job carries; answers counts for Bull Board. */
export function decideProcessor(ctx: Context) {
  const ruleSets = new RuleSetCache();
  return async (job: Job<JobPayloads["decide"]>) => {
    const decided = await decideBatch(ctx, ruleSets, job.data.companyId, job.data.sessionIds);
    return { sessions: job.data.sessionIds.length, decided: decided.length };
  };
}
