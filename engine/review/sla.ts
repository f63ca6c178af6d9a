import type { Settings } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { enqueue } from "../platform/queues.js";
import { selectRejectOnExpiryCompanies, selectSettings } from "../sql/companies.js";
import { selectExpiredAwaiting } from "../sql/review.js";
import { SLA_EXPIRED } from "./rejection-reasons.js";
import { applyResolution } from "./resolution.js";

const slaMs = (settings: Settings) => settings.awaitingAction.slaHours * 3_600_000;

/**
 * After sessions are parked: a delayed `sla` job that expires them when the SLA runs out, so that
 * operators see pending expiries in Bull Board. Only companies that reject on expiry need one;
 * `keep` only flags sessions overdue when they are read.
 */
export async function scheduleExpiry(
  ctx: Context,
  companyId: string,
  settings: Settings,
  sessionIds: string[],
) {
  if (sessionIds.length === 0 || settings.awaitingAction.onExpiry !== "reject") return;
  await enqueue(ctx.queues, "sla", { companyId, sessionIds }, { delay: slaMs(settings) });
}

/**
 * Rejects, by the SLA, those of `sessionIds` (all of the company's, when omitted) still awaiting
 * action past the SLA, when the company rejects on expiry. A resolution that won first makes this
 * a no-op for that session. Answers how many it rejected.
 */
export async function expireAwaiting(
  ctx: Context,
  companyId: string,
  sessionIds?: string[],
): Promise<number> {
  const settings = await selectSettings(ctx.pool, companyId);
  if (!settings) return 0;
  if (settings.awaitingAction.onExpiry !== "reject") return 0;
  const parkedBefore = new Date(Date.now() - slaMs(settings));
  let total = 0;
  for (;;) {
    const due = await selectExpiredAwaiting(ctx.pool, companyId, parkedBefore, 1000, sessionIds);
    if (due.length === 0) break;
    const expired = await applyResolution(
      ctx,
      companyId,
      due,
      { status: "rejected", reasons: [SLA_EXPIRED], note: null, by: { type: "sla" } },
      { kind: "sla" },
      { actor: { type: "sla" }, entry: (ids) => ({ action: "sessions.expired", details: { ids } }) },
    );
    total += expired.length;
    if (due.length < 1000) break;
  }
  return total;
}

/** The safety net for lost `sla` jobs: expires what is due in every company that rejects on expiry. */
export async function expireAllDue(ctx: Context): Promise<number> {
  let total = 0;
  for (const companyId of await selectRejectOnExpiryCompanies(ctx.pool))
    total += await expireAwaiting(ctx, companyId);
  return total;
}
