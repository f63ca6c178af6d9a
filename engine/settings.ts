import { recordActivity } from "./activity.js";
import { type Pool, type Queryable, withTransaction } from "./db.js";
import { badRequest, notFound } from "./errors.js";
import type { Actor, Settings } from "./model.js";
import { selectSettings, selectSettingsForUpdate, updateSettings as writeSettings } from "./sql/companies.js";

export async function getSettings(db: Queryable, companyId: string): Promise<Settings> {
  const settings = await selectSettings(db, companyId);
  if (!settings) throw notFound("company");
  return settings;
}

/**
 * Replaces the sections present in `change` (each section whole), keeps the others, and records
 * the change in the activity log. Answers the settings now in force.
 */
export async function updateSettings(pool: Pool, companyId: string, change: Partial<Settings>, actor: Actor) {
  assertDistinctExtraFields(change);
  return withTransaction(pool, async (tx) => {
    const current = await selectSettingsForUpdate(tx, companyId);
    if (!current) throw notFound("company");
    const next: Settings = { ...current, ...normalize(change) };
    await writeSettings(tx, companyId, next);
    await recordActivity(tx, companyId, actor, {
      action: "settings.updated",
      details: { sections: Object.keys(change).sort() },
    });
    return next;
  });
}

/** Spells out the defaults of optional flags, so that stored settings read the same everywhere. */
function normalize(change: Partial<Settings>): Partial<Settings> {
  const normalized = { ...change };
  if (change.extraFields) {
    normalized.extraFields = change.extraFields.map((field) => ({
      ...field,
      required: field.required ?? false,
    }));
  }
  if (change.webhook) normalized.webhook = { ...change.webhook, enabled: change.webhook.enabled ?? true };
  return normalized;
}

function assertDistinctExtraFields(change: Partial<Settings>): void {
  const seen = new Set<string>();
  for (const [index, field] of (change.extraFields ?? []).entries()) {
    if (seen.has(field.name)) {
      throw badRequest(
        "VALIDATION_ERROR",
        `body/extraFields/${index}/name: "${field.name}" is declared twice`,
      );
    }
    seen.add(field.name);
  }
}
