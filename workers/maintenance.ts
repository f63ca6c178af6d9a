import type { Job } from "bullmq";
import type { Context } from "../engine/context.js";
import { expireExports, reconcileExports, removeAbandonedFiles } from "../engine/exports.js";
import { liquidateExpired } from "../engine/liquidation.js";
import type { JobPayloads, MaintenanceTask } from "../engine/queues.js";
import { reconcilePending } from "../engine/reconcile.js";
import { expireAllDue } from "../engine/sla.js";
import { reconcileDeliveries } from "../engine/webhooks/deliveries.js";

/** Recurring housekeeping, one task a job scheduler. */
export function maintenanceProcessor(ctx: Context) {
  const tasks: Record<MaintenanceTask, () => Promise<unknown>> = {
    reconcile: async () => ({
      requeued: await reconcilePending(ctx),
      deliveriesRequeued: await reconcileDeliveries(ctx),
      exportsRequeued: await reconcileExports(ctx),
    }),
    "expire-sla": async () => ({ expired: await expireAllDue(ctx) }),
    retention: async () => ({ liquidated: await liquidateExpired(ctx) }),
    "expire-exports": async () => ({
      expired: await expireExports(ctx),
      abandonedFiles: await removeAbandonedFiles(ctx),
    }),
  };
  return (job: Job<JobPayloads["maintenance"]>) => tasks[job.data.task]();
}
