import { recordActivity } from "../audit/activity.js";
import { notFound } from "../kernel/errors.js";
import { isUuid } from "../kernel/ids.js";
import type { Actor } from "../kernel/model.js";
import {
  afterCreation,
  creationCursor,
  type Page,
  type PageRequest,
  readPage,
} from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { enqueue, isJobLive } from "../platform/queues.js";
import {
  type DeliveryRow,
  resetDelivery,
  selectAttempts,
  selectDelivery,
  selectDeliveryPage,
  selectStalePendingDeliveries,
  updateDeliveryJob,
} from "../sql/webhooks.js";

export interface DeliveryView {
  id: string;
  eventId: string;
  type: string;
  sessionId: string;
  status: DeliveryRow["status"];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

const view = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  eventId: row.eventId,
  type: row.type,
  sessionId: row.sessionId,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
});

const DELIVERY_CURSOR = creationCursor<DeliveryRow>("deliveries");

/** The company's deliveries, newest first. */
export async function listDeliveries(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
  page: PageRequest,
): Promise<Page<DeliveryView>> {
  const found = await readPage(DELIVERY_CURSOR, page, (after, limit) =>
    selectDeliveryPage(db, companyId, afterCreation(after), limit),
  );
  return { ...found, items: found.items.map(view) };
}

/** One delivery of the company with every attempt made, oldest first. */
export async function getDelivery({ pool: db }: Pick<Context, "pool">, companyId: string, id: string) {
  const row = isUuid(id) ? await selectDelivery(db, id, companyId) : undefined;
  if (!row) throw notFound("webhook delivery");
  const attempts = await selectAttempts(db, id);
  return {
    ...view(row),
    payload: row.payload,
    attempts: row.attempts,
    attemptLog: attempts.map((attempt) => ({ ...attempt, at: attempt.at.toISOString() })),
  };
}

const queueDelivery = (ctx: Context, deliveryId: string, companyId: string, jobId: string) =>
  enqueue(ctx.queues, "webhooks", { deliveryId, companyId }, { jobId });

/** Sends a delivery again, whatever its status, with the same webhook-id and a fresh retry window. */
export async function redeliver(ctx: Context, companyId: string, id: string, actor: Actor): Promise<void> {
  const jobId = `${id}-${Date.now()}`;
  await withTransaction(ctx.pool, async (tx) => {
    if (!isUuid(id) || !(await resetDelivery(tx, companyId, id, jobId))) throw notFound("webhook delivery");
    await recordActivity(tx, companyId, actor, { action: "webhook.redelivered", target: id });
  });
  await queueDelivery(ctx, id, companyId, jobId);
}

/**
 * Queues again the pending deliveries whose job was lost (Redis flushed or restarted, a job
 * failed for good). It reads every stale pending delivery, a page at a time, not only the oldest:
 * those may still be waiting their turn (a company's deliveries go a few at a time) while later
 * ones were lost. Answers how many it queued.
 */
export async function reconcileDeliveries(ctx: Context, pageSize = 1000): Promise<number> {
  const before = new Date(Date.now() - ctx.config.reconcileAfterMs);
  let requeued = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page = await selectStalePendingDeliveries(ctx.pool, before, pageSize, after);
    const live = await Promise.all(page.map((delivery) => isJobLive(ctx.queues.webhooks, delivery.jobId)));
    for (const [index, delivery] of page.entries()) {
      if (live[index]) continue;
      const jobId = `${delivery.id}-${Date.now()}`;
      await updateDeliveryJob(ctx.pool, delivery.id, jobId);
      await queueDelivery(ctx, delivery.id, delivery.companyId, jobId);
      requeued++;
    }
    const last = page[page.length - 1];
    if (page.length < pageSize || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  if (requeued > 0) ctx.logger.warn({ requeued }, "re-queued pending webhook deliveries whose job was lost");
  return requeued;
}
