import { DelayedError, type Job } from "bullmq";
import type { Context } from "../engine/platform/context.js";
import type { JobPayloads } from "../engine/platform/queues.js";
import { runSimulation } from "../engine/rule-lab/simulations.js";

/** How long a simulation whose company runs its cap waits before it looks again. */
const CAP_RETRY_MS = 1000;

/**
 * Runs the simulation a job names, reporting `{ done, total }` as progress. While its company
 * runs its cap of simulations the job goes back to the delayed set, spending no attempt.
 */
export function simulationProcessor(ctx: Context) {
  return async (job: Job<JobPayloads["simulations"]>, token?: string) => {
    const ran = await runSimulation(ctx, job.data.simulationId, (done, total) =>
      job.updateProgress({ done, total }),
    );
    if (!ran) {
      await job.moveToDelayed(Date.now() + CAP_RETRY_MS, token);
      throw new DelayedError();
    }
  };
}
