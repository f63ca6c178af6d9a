import { recordActivity } from "../audit/activity.js";
import { badRequest, notFound } from "../kernel/errors.js";
import type { Actor, Settings } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { selectSettingsForUpdate } from "../sql/companies.js";
import { resetEndpointHealth, selectEndpoint, upsertSecret } from "../sql/webhooks.js";
import { generateSecret } from "./signing.js";
import { checkWebhookUrl, UnsafeUrlError } from "./ssrf.js";

/** How long the previous secret still signs after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** The webhook part of the settings as the master reads it: health, and the secret when just made. */
export interface WebhookView {
  url: string;
  enabled: boolean;
  secret?: string;
  disabledAt?: string;
  disabledReason?: string;
}

/** Refuses a webhook URL that is not http(s) or that resolves to a private address. */
export async function checkUrl(ctx: Context, url: string): Promise<void> {
  try {
    await checkWebhookUrl(url, { allowPrivate: ctx.config.webhookAllowPrivate });
  } catch (error) {
    if (error instanceof UnsafeUrlError)
      throw badRequest("INVALID_WEBHOOK_URL", `body/webhook/url: ${error.message}`);
    throw error;
  }
}

/**
 * Inside the settings transaction: makes the signing secret when a webhook is first set, and
 * clears the endpoint's failure record when the master sets or re-enables it. Answers the new
 * secret, shown this once, if one was made.
 */
export async function onWebhookChange(
  tx: Queryable,
  companyId: string,
  next: Settings["webhook"],
): Promise<string | undefined> {
  if (!next) return undefined;
  const endpoint = await selectEndpoint(tx, companyId);
  await resetEndpointHealth(tx, companyId);
  if (endpoint) return undefined;
  const secret = generateSecret();
  await upsertSecret(tx, companyId, secret, null);
  return secret;
}

export async function webhookView(db: Queryable, companyId: string, webhook: Settings["webhook"]) {
  if (!webhook) return null;
  const endpoint = await selectEndpoint(db, companyId);
  const view: WebhookView = { url: webhook.url, enabled: webhook.enabled ?? true };
  if (endpoint?.disabledAt && !view.enabled) {
    view.disabledAt = endpoint.disabledAt.toISOString();
    view.disabledReason = endpoint.disabledReason ?? "disabled";
  }
  return view;
}

/** A new signing secret, shown once; the previous one keeps signing for a day alongside it. */
export async function rotateSecret(ctx: Context, companyId: string, actor: Actor) {
  return withTransaction(ctx.pool, async (tx) => {
    const settings = await selectSettingsForUpdate(tx, companyId);
    if (!settings) throw notFound("company");
    if (!settings.webhook || !(await selectEndpoint(tx, companyId))) throw notFound("webhook");
    const secret = generateSecret();
    const previousValidUntil = new Date(Date.now() + ROTATION_OVERLAP_MS);
    await upsertSecret(tx, companyId, secret, previousValidUntil);
    await recordActivity(tx, companyId, actor, { action: "webhook.secret_rotated" });
    return { secret, previousValidUntil: previousValidUntil.toISOString() };
  });
}
