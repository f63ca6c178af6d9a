import { announceChanges } from "../announce/announce.js";
import { type ActivityEntry, recordActivity } from "../audit/activity.js";
import type { Actor } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { selectSettings } from "../sql/companies.js";
import { type Resolution, type ResolutionMode, resolveAwaiting } from "../sql/review.js";
import { selectSessions } from "../sql/sessions.js";
import { recordWebhookEvents } from "../webhooks/outbox.js";

/**
 * Resolves those of `ids` still awaiting action that `mode` allows (engine/sql/review.ts) in one
 * conditional statement, with the activity entry and webhook events in the same transaction; then
 * announces the changes. Answers the ids it resolved.
 */
export async function applyResolution(
  ctx: Context,
  companyId: string,
  ids: string[],
  resolution: Resolution,
  mode: ResolutionMode,
  activity: { actor: Actor; entry: (resolved: string[]) => ActivityEntry },
): Promise<string[]> {
  if (ids.length === 0) return [];
  const { resolved, deliveryIds } = await withTransaction(ctx.pool, async (tx) => {
    const resolved = await resolveAwaiting(tx, companyId, ids, resolution, mode);
    if (resolved.length === 0) return { resolved, deliveryIds: [] };
    await recordActivity(tx, companyId, activity.actor, activity.entry(resolved));
    const settings = await selectSettings(tx, companyId);
    const deliveryIds = settings
      ? await recordWebhookEvents(tx, companyId, settings, resolved, { decidedBy: "person" })
      : [];
    return { resolved, deliveryIds };
  });
  if (resolved.length > 0) {
    ctx.metrics.decisions.inc(
      { outcome: resolution.status, decided_by: resolution.by.type },
      resolved.length,
    );
    const rows = await selectSessions(ctx.pool, companyId, resolved);
    const changes = rows.map(({ id, externalId, status }) => ({ id, externalId, status }));
    await announceChanges(ctx, companyId, changes, deliveryIds, { awaitingCountChanged: true });
  }
  return resolved;
}
