import { recordActivity } from "../audit/activity.js";
import { badRequest, notFound } from "../kernel/errors.js";
import type { Actor, Settings } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { settingsEntry } from "../platform/key-and-settings-cache.js";
import {
  selectSettings,
  selectSettingsForUpdate,
  updateSettings as writeSettings,
} from "../sql/companies.js";
import { checkUrl, onWebhookChange, type WebhookView, webhookView } from "../webhooks/endpoint.js";

/** Settings as the company reads them: the webhook with its health, never its secret. */
export type SettingsView = Omit<Settings, "webhook"> & { webhook: WebhookView | null };

export async function getSettings(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
): Promise<SettingsView> {
  const settings = await selectSettings(db, companyId);
  if (!settings) throw notFound("company");
  return { ...settings, webhook: await webhookView(db, companyId, settings.webhook) };
}

/**
 * Replaces the sections present in `change` (each section whole), keeps the others, and records
 * the change in the activity log. Answers the settings now in force, once Postgres has announced
 * the change to every API process that keeps settings in memory; when a webhook is first set,
 * its signing secret, this once.
 */
export async function updateSettings(
  ctx: Context,
  companyId: string,
  change: Partial<Settings>,
  actor: Actor,
): Promise<SettingsView> {
  assertDistinctExtraFields(change);
  if (change.webhook) await checkUrl(ctx, change.webhook.url);
  const updated = await withTransaction(ctx.pool, async (tx) => {
    const current = await selectSettingsForUpdate(tx, companyId);
    if (!current) throw notFound("company");
    const changing = ctx.cache.changing(settingsEntry(companyId));
    const next: Settings = { ...current, ...normalize(change) };
    await writeSettings(tx, companyId, next);
    const secret = "webhook" in change ? await onWebhookChange(tx, companyId, next.webhook) : undefined;
    await recordActivity(tx, companyId, actor, {
      action: "settings.updated",
      details: { sections: Object.keys(change).sort() },
    });
    const webhook = await webhookView(tx, companyId, next.webhook);
    return { changing, view: { ...next, webhook: webhook && secret ? { ...webhook, secret } : webhook } };
  });
  await updated.changing();
  return updated.view;
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
