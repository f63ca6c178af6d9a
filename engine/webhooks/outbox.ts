import { uuidv7 } from "../kernel/ids.js";
import type { Settings } from "../kernel/model.js";
import type { Queryable } from "../platform/db.js";
import { toSessionView } from "../sessions/read-model.js";
import { selectSessions } from "../sql/sessions.js";
import { insertDeliveries, type NewDelivery } from "../sql/webhooks.js";

export type WebhookEventType =
  | "session.decided"
  | "session.awaiting_action"
  | "session.resolved"
  | "session.resubmission_requested";

export const webhookActive = (settings: Settings) => settings.webhook?.enabled === true;

/** Who changed the sessions' status: the engine deciding them, or a person (or the SLA) resolving them. */
export type DecidedBy = "engine" | "person";

/**
 * The event a session's new status makes: the engine's final decision, a parking, a person's or
 * the SLA's resolution, or a person's request that the customer try again.
 */
function eventTypeOf(status: string, decidedBy: DecidedBy): WebhookEventType {
  if (status === "resubmission_requested") return "session.resubmission_requested";
  if (decidedBy === "person") return "session.resolved";
  return status === "awaiting_action" ? "session.awaiting_action" : "session.decided";
}

/**
 * Writes the webhook events of sessions whose status just changed into the outbox, inside the
 * caller's transaction, so that an event exists exactly when its decision does. The payload is
 * the session as it is now, without its personal data (`data`) or claim. Answers the ids of the
 * deliveries to queue once the transaction commits (none when the company has no active webhook).
 */
export async function recordWebhookEvents(
  tx: Queryable,
  companyId: string,
  settings: Settings,
  sessionIds: string[],
  { decidedBy }: { decidedBy: DecidedBy },
): Promise<string[]> {
  if (!webhookActive(settings) || sessionIds.length === 0) return [];
  const deliveries: NewDelivery[] = (await selectSessions(tx, companyId, sessionIds)).map((row) => {
    const { data: _data, claim: _claim, ...session } = toSessionView(row);
    const type = eventTypeOf(row.status, decidedBy);
    const id = uuidv7();
    return {
      id,
      eventId: `msg_${id.replaceAll("-", "")}`,
      type,
      sessionId: row.id,
      payload: {
        type,
        timestamp: session.decision?.decidedAt ?? new Date().toISOString(),
        data: { session },
      },
    };
  });
  await insertDeliveries(tx, companyId, deliveries);
  return deliveries.map((delivery) => delivery.id);
}
