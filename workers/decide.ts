import { type Job, WaitingError } from "bullmq";
import { CompiledConditionSets, decideBatch, SessionCosts } from "../engine/deciding/decide.js";
import { priorityAfterRun } from "../engine/deciding/fairness.js";
import type { Context } from "../engine/platform/context.js";
import type { JobPayloads } from "../engine/platform/queues.js";

/**
 * Decides the sessions a job carries; answers counts for Bull Board. A run that spent its budget
 * (engine/deciding/decide.ts) leaves the job carrying the sessions it did not reach and puts it back in
 * the queue one priority step lower (engine/deciding/fairness.ts), behind the other companies' jobs
 * waiting; that is no failed attempt.
 */
export function decideProcessor(ctx: Context) {
  const caches = { ruleSets: new CompiledConditionSets(), costs: new SessionCosts() };
  return async (job: Job<JobPayloads["decide"]>, token?: string) => {
    const { decided, undecided } = await decideBatch(ctx, caches, job.data.companyId, job.data.sessionIds);
    const decidedBefore = job.data.decidedBefore ?? 0;
    if (undecided.length > 0) {
      await job.updateData({
        ...job.data,
        sessionIds: undecided,
        decidedBefore: decidedBefore + decided.length,
      });
      await job.changePriority({ priority: priorityAfterRun(job.opts.priority ?? 0) });
      await job.moveToWait(token);
      throw new WaitingError();
    }
    return {
      sessions: decidedBefore + job.data.sessionIds.length,
      decided: decidedBefore + decided.length,
    };
  };
}
