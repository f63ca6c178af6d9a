import { uuidv7 } from "../kernel/ids.js";
import type { Context } from "../platform/context.js";
import { enqueue, isJobLive } from "../platform/queues.js";
import { selectStalePendingBatches, updateBatchId } from "../sql/sessions.js";

/**
 * Finds sessions pending for longer than `reconcileAfterMs` whose decide job is gone (a crash
 * between the insert and the enqueue, a Redis flush or restart, a job failed for good) and
 * queues them again under a new batch id. Answers how many sessions it queued.
 */
export async function reconcilePending(ctx: Context, limit = 10_000): Promise<number> {
  const before = new Date(Date.now() - ctx.config.reconcileAfterMs);
  const batches = await selectStalePendingBatches(ctx.pool, before, limit);
  let requeued = 0;
  for (const batch of batches) {
    if (await isJobLive(ctx.queues.decide, batch.batchId)) continue;
    const batchId = uuidv7();
    // Sessions its job decided meanwhile are no longer pending and stay out of the new job.
    const sessionIds = await updateBatchId(ctx.pool, batch.sessionIds, batchId);
    if (sessionIds.length === 0) continue;
    await enqueue(
      ctx.queues,
      "decide",
      { companyId: batch.companyId, sessionIds },
      { jobId: batchId, priority: 1 },
    );
    requeued += sessionIds.length;
  }
  if (requeued > 0) ctx.logger.warn({ requeued }, "re-queued pending sessions whose decide job was lost");
  return requeued;
}
