import type { Job } from "bullmq";
import { reconcilePending } from "../engine/deciding/reconcile.js";
import { sweepFiles } from "../engine/evidence/file-removals.js";
import { expireExports, reconcileExports } from "../engine/exports/exports.js";
import type { Context } from "../engine/platform/context.js";
import type { JobPayloads, MaintenanceTask } from "../engine/platform/queues.js";
import { expireAllDue } from "../engine/review/sla.js";
import { liquidateExpired } from "../engine/sessions/liquidation.js";
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
    "expire-exports": async () => ({ expired: await expireExports(ctx) }),
    "remove-files": () => sweepFiles(ctx),
  };
  return (job: Job<JobPayloads["maintenance"]>) => tasks[job.data.task]();
}
