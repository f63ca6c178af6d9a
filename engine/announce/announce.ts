import { errorMessage } from "../kernel/errors.js";
import type { Context } from "../platform/context.js";
import type { NewLiveEvent } from "../platform/live-events.js";
import { enqueueBulk } from "../platform/queues.js";
import { countAwaiting } from "../sql/review.js";

export interface StatusChange {
  id: string;
  externalId: string;
  status: string;
}

/**
 * After a transaction that changed sessions' status has committed: queue its webhook deliveries
 * and tell live listeners. Both are already safe without this call (deliveries sit in the outbox
 * for the reconciler; live events are best effort), so a failure here is logged, not thrown.
 */
export async function announceChanges(
  ctx: Context,
  companyId: string,
  changes: StatusChange[],
  deliveryIds: string[],
  { awaitingCountChanged }: { awaitingCountChanged: boolean },
): Promise<void> {
  try {
    if (deliveryIds.length > 0) {
      await enqueueBulk(
        ctx.queues,
        "webhooks",
        deliveryIds.map((deliveryId) => ({
          data: { deliveryId, companyId },
          placement: { jobId: deliveryId },
        })),
      );
    }
    const events: NewLiveEvent[] = changes.map((change) => ({
      event: "session.updated",
      data: change,
    }));
    if (awaitingCountChanged) {
      events.push({
        event: "awaiting_action.count",
        data: { count: await countAwaiting(ctx.pool, companyId) },
      });
    }
    await ctx.live.publish(companyId, events);
  } catch (error) {
    ctx.logger.warn(
      { companyId, err: errorMessage(error) },
      "could not announce status changes; the reconciler will deliver",
    );
  }
}
