import createClient, { type Client } from "openapi-fetch";
import { Webhook } from "standardwebhooks";
import type { components, paths } from "./schema.js";

export type { components, paths };
export type Session = components["schemas"]["Session"];
export type SessionWithHistory = components["schemas"]["SessionWithHistory"];
export type SessionInput = components["schemas"]["SessionInput"];
export type VerdictError = components["schemas"]["Error"];
export type VerdictClient = Client<paths>;

/**
 * A client of one Verdict for one token (an API key, or the operator's): every call is typed by
 * Verdict's API document, e.g. `client.POST("/v1/sessions", { body })` answers `{ data }` or
 * `{ error }` (the `Error` schema).
 */
export function createVerdictClient(options: { baseUrl: string; token: string }): VerdictClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ""),
    headers: { authorization: `Bearer ${options.token}` },
  });
}

/** A webhook as Verdict sends it. */
export interface WebhookEvent {
  type: "session.decided" | "session.awaiting_action" | "session.resolved" | "session.resubmission_requested";
  timestamp: string;
  data: { session: Session };
}

/**
 * Checks a webhook's signature (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) with the company's `whsec_` secret, over the body exactly as received,
 * and answers the event. Throws when the signature is wrong or the timestamp over five minutes
 * off; answer such a request with a 4xx and do not act on it.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string | Buffer,
): WebhookEvent {
  // Node gives header names in lower case, as these are
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  };
  const signed = {
    "webhook-id": header("webhook-id"),
    "webhook-timestamp": header("webhook-timestamp"),
    "webhook-signature": header("webhook-signature"),
  };
  return new Webhook(secret).verify(rawBody.toString(), signed) as WebhookEvent;
}
