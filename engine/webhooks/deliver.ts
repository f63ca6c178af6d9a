import { recordActivity } from "../audit/activity.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { selectSettingsForUpdate, updateSettings } from "../sql/companies.js";
import {
  markDeliveryFailed,
  markEndpointDisabled,
  recordAttempt,
  selectDeliveryToAttempt,
} from "../sql/webhooks.js";
import { postWebhook } from "./post.js";
import { webhookHeaders } from "./signing.js";

/** What one attempt came to: done (delivered or given up for good), or worth another try. */
export type AttemptOutcome = { kind: "done"; delivered: boolean } | { kind: "retry"; error: string };

/** The delay before retry `retry` (1 for the first): the base, four times longer each time, ±20% jitter. */
export function retryDelayMs(baseMs: number, retry: number, random = Math.random()): number {
  return Math.round(baseMs * 4 ** (retry - 1) * (0.8 + 0.4 * random));
}

/**
 * Makes one attempt to deliver a webhook event: signs the stored payload with every valid secret,
 * POSTs it, and records the attempt. A failure is retried until the retry window
 * (`webhookRetryForMs` from the first attempt) would be over, then the delivery is `failed`. An
 * endpoint failing without a single success for as long as the window is switched off, which the
 * master sees in the settings and the activity log. `onAnswered` runs as soon as the endpoint
 * has answered (or failed to), before the attempt is recorded: the company's slot is free then.
 */
export async function attemptDelivery(
  ctx: Context,
  deliveryId: string,
  retry: number,
  options: { onAnswered?: () => void } = {},
): Promise<AttemptOutcome> {
  const found = await selectDeliveryToAttempt(ctx.pool, deliveryId);
  if (found?.delivery.status !== "pending") {
    return { kind: "done", delivered: found?.delivery.status === "delivered" };
  }
  const { delivery, webhook, endpoint } = found;
  if (!webhook?.enabled || !endpoint) {
    await markDeliveryFailed(ctx.pool, deliveryId, "the company's webhook is not enabled");
    return { kind: "done", delivered: false };
  }

  const secrets = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousValidUntil && endpoint.previousValidUntil > new Date()) {
    secrets.push(endpoint.previousSecret);
  }
  const body = JSON.stringify(delivery.payload);
  const result = await postWebhook(webhook.url, body, webhookHeaders(secrets, delivery.eventId, body), {
    timeoutMs: ctx.config.webhookTimeoutMs,
    allowPrivate: ctx.config.webhookAllowPrivate,
  });
  options.onAnswered?.();
  const delivered = result.error === null;
  const { failingSince } = await recordAttempt(ctx.pool, delivery, { ...result, delivered });
  if (delivered) return { kind: "done", delivered: true };

  const windowMs = ctx.config.webhookRetryForMs;
  if (failingSince && Date.now() - failingSince.getTime() >= windowMs) {
    await disableEndpoint(
      ctx,
      delivery.companyId,
      `no delivery succeeded for ${Math.round(windowMs / 60_000)} minutes`,
    );
  }
  const firstAttempt = delivery.firstAttemptAt?.getTime() ?? Date.now();
  const nextAt = Date.now() + retryDelayMs(ctx.config.webhookRetryBaseMs, retry, 1);
  if (nextAt - firstAttempt > windowMs) {
    await markDeliveryFailed(ctx.pool, deliveryId);
    return { kind: "done", delivered: false };
  }
  return { kind: "retry", error: result.error ?? "failed" };
}

async function disableEndpoint(ctx: Context, companyId: string, reason: string): Promise<void> {
  await withTransaction(ctx.pool, async (tx) => {
    const settings = await selectSettingsForUpdate(tx, companyId);
    if (!settings?.webhook?.enabled) return;
    await updateSettings(tx, companyId, { ...settings, webhook: { ...settings.webhook, enabled: false } });
    await markEndpointDisabled(tx, companyId, reason);
    await recordActivity(
      tx,
      companyId,
      { type: "system", id: "webhooks" },
      {
        action: "webhook.disabled",
        details: { url: settings.webhook.url, reason },
      },
    );
  });
  ctx.logger.warn({ companyId, reason }, "webhook disabled");
}
