import { recordActivity } from "../audit/activity.js";
import { removeFiles } from "../evidence/file-removals.js";
import { conflict, notFound } from "../kernel/errors.js";
import { isUuid } from "../kernel/ids.js";
import { type Actor, FINAL_STATUSES, type SessionStatus } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { eraseSessions, selectLiquidatable, selectRetentionPolicies } from "../sql/liquidation.js";
import { selectReviewStates } from "../sql/review.js";
import { getSession } from "./read-model.js";

/**
 * Erases a final session's personal data for good: its data, the hash of it, its search text and
 * its media (rows at once, files right after the commit, or by the next sweep if the store is
 * away). Status, decision and history stay. Liquidating twice is harmless.
 */
export async function liquidateSession(
  ctx: Pick<Context, "pool" | "files" | "logger">,
  companyId: string,
  id: string,
  actor: Actor,
) {
  const { fileKeys } = await withTransaction(ctx.pool, async (tx) => {
    const [state] = isUuid(id) ? await selectReviewStates(tx, companyId, [id]) : [];
    if (!state) throw notFound("session");
    if (!FINAL_STATUSES.includes(state.status as SessionStatus)) {
      throw conflict("NOT_FINAL", `only a final session can be liquidated; this one is ${state.status}`);
    }
    const erased = await eraseSessions(tx, companyId, [id], actor);
    if (erased.ids.length > 0)
      await recordActivity(tx, companyId, actor, { action: "session.liquidated", target: id });
    return erased;
  });
  await removeFiles(ctx, fileKeys);
  return getSession(ctx, companyId, id);
}

const RETENTION_BATCH = 1000;

/** Liquidates, in batches, every final session older than its company's retention. Answers how many. */
export async function liquidateExpired(ctx: Context): Promise<number> {
  let total = 0;
  const system: Actor = { type: "system", id: "retention" };
  for (const { companyId, days } of await selectRetentionPolicies(ctx.pool)) {
    const before = new Date(Date.now() - days * 86_400_000);
    for (;;) {
      const erased = await withTransaction(ctx.pool, async (tx) => {
        const ids = await selectLiquidatable(tx, companyId, before, RETENTION_BATCH);
        if (ids.length === 0) return { ids, fileKeys: [] };
        const done = await eraseSessions(tx, companyId, ids, system);
        if (done.ids.length) {
          await recordActivity(tx, companyId, system, {
            action: "sessions.liquidated",
            details: { count: done.ids.length, olderThanDays: days },
          });
        }
        return done;
      });
      await removeFiles(ctx, erased.fileKeys);
      total += erased.ids.length;
      if (erased.ids.length < RETENTION_BATCH) break;
    }
  }
  if (total > 0) ctx.logger.info({ liquidated: total }, "liquidated sessions past their retention");
  return total;
}
