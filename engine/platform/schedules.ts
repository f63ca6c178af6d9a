import { errorMessage } from "../kernel/errors.js";
import type { Context } from "./context.js";
import { JOBS, type MaintenanceTask } from "./queues.js";

/** How often each maintenance task runs. */
function intervals(ctx: Pick<Context, "config">): Record<MaintenanceTask, number> {
  return {
    reconcile: ctx.config.reconcileEveryMs,
    "expire-sla": ctx.config.expireSlaEveryMs,
    retention: ctx.config.retentionEveryMs,
    "expire-exports": ctx.config.expireExportsEveryMs,
    "remove-files": ctx.config.removeFilesEveryMs,
  };
}

/**
 * Creates or updates the maintenance job schedulers (all of them, or with `onlyMissing` those
 * Redis does not hold). Idempotent, so every process may call it whenever it likes. Answers the
 * tasks it scheduled.
 */
export async function scheduleMaintenance(
  ctx: Pick<Context, "config" | "queues">,
  options: { onlyMissing?: boolean } = {},
): Promise<MaintenanceTask[]> {
  const scheduled: MaintenanceTask[] = [];
  for (const [task, every] of Object.entries(intervals(ctx)) as [MaintenanceTask, number][]) {
    if (options.onlyMissing && (await ctx.queues.maintenance.getJobScheduler(task))) continue;
    await ctx.queues.maintenance.upsertJobScheduler(
      task,
      { every },
      { name: task, data: { task }, opts: JOBS.maintenance.options },
    );
    scheduled.push(task);
  }
  return scheduled;
}

/**
 * Keeps the maintenance schedulers in the broker for as long as this process runs: at once, at every
 * Redis (re)connect (a Redis that restarted empty lost them) and every `scheduleCheckMs` (a
 * FLUSHALL drops them without dropping the connection). Without them nothing reconciles, so every
 * process does it, API and workers alike. Answers a function that stops it.
 */
export function keepMaintenanceScheduled(
  ctx: Pick<Context, "config" | "queues" | "broker" | "logger">,
): () => void {
  let running = false;
  const ensure = (onlyMissing: boolean) => {
    // one check at a time: a slow Redis must not pile them up
    if (running) return;
    running = true;
    void scheduleMaintenance(ctx, { onlyMissing })
      .then((tasks) => {
        if (onlyMissing && tasks.length > 0)
          ctx.logger.warn({ tasks }, "maintenance schedulers were gone; re-created");
      })
      .catch((error) => ctx.logger.warn({ err: errorMessage(error) }, "scheduling maintenance failed"))
      .finally(() => {
        running = false;
      });
  };
  const stopHearing = ctx.broker.onReconnect(() => ensure(false));
  const timer = setInterval(() => ensure(true), ctx.config.scheduleCheckMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopHearing();
  };
}
