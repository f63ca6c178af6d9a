import type { Outcome } from "../../rules/index.js";
import { recordActivity } from "../audit/activity.js";
import { checkRules } from "../companies/condition-sets.js";
import { badRequest, notFound } from "../kernel/errors.js";
import type { Actor } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { deleteShadow, type ShadowRow, selectShadow, upsertShadow } from "../sql/rule-lab.js";

/**
 * The shadow set: a second condition set the decide worker evaluates on every session beside the
 * live one, from `since` until `until`, counting what it would have decided by the live outcome
 * and its own. It never changes a session nor fires a webhook.
 */
type Transition = { from: Outcome; to: Outcome; count: number };

const view = (row: ShadowRow, transitions: Transition[] = []) => ({
  rules: row.rules,
  since: row.since.toISOString(),
  until: row.until?.toISOString() ?? null,
  sessions: transitions.reduce((sum, t) => sum + Number(t.count), 0),
  transitions: transitions.map((t) => ({ ...t, count: Number(t.count) })),
});

/** Starts (or replaces, counting from zero again) the company's shadow set. */
export async function setShadow(
  ctx: Pick<Context, "pool">,
  companyId: string,
  actor: Actor,
  input: { rules: unknown; until?: Date },
) {
  const rules = checkRules(input.rules);
  if (input.until && input.until <= new Date()) {
    throw badRequest("VALIDATION_ERROR", "body/until: must be in the future");
  }
  return withTransaction(ctx.pool, async (tx) => {
    const row = await upsertShadow(tx, companyId, rules, input.until ?? null, actor);
    await recordActivity(tx, companyId, actor, {
      action: "rules.shadow_started",
      details: { rules: rules.length, until: row.until?.toISOString() ?? null },
    });
    return view(row);
  });
}

export async function getShadow(ctx: Pick<Context, "pool">, companyId: string) {
  const row = await selectShadow(ctx.pool, companyId);
  if (!row) throw notFound("shadow set");
  return view(row, row.transitions as Transition[]);
}

export async function endShadow(ctx: Pick<Context, "pool">, companyId: string, actor: Actor) {
  await withTransaction(ctx.pool, async (tx) => {
    if (!(await deleteShadow(tx, companyId))) throw notFound("shadow set");
    await recordActivity(tx, companyId, actor, { action: "rules.shadow_ended" });
  });
}
