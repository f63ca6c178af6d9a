import type { Queryable } from "../platform/db.js";

export interface EndpointRow {
  secret: string;
  previousSecret: string | null;
  previousValidUntil: Date | null;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
}

const ENDPOINT_COLUMNS = `secret, previous_secret AS "previousSecret", previous_valid_until AS "previousValidUntil",
  failing_since AS "failingSince", disabled_at AS "disabledAt", disabled_reason AS "disabledReason"`;

export async function selectEndpoint(db: Queryable, companyId: string): Promise<EndpointRow | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE company_id = $1`,
    [companyId],
  );
  return rows[0];
}

/** A new secret for the company; the current one, if any, stays valid until `previousValidUntil`. */
export async function upsertSecret(
  db: Queryable,
  companyId: string,
  secret: string,
  previousValidUntil: Date | null,
) {
  await db.query(
    `INSERT INTO webhook_endpoints (company_id, secret) VALUES ($1, $2)
     ON CONFLICT (company_id) DO UPDATE
       SET previous_secret = CASE WHEN $3::timestamptz IS NULL THEN NULL ELSE webhook_endpoints.secret END,
           previous_valid_until = $3, secret = EXCLUDED.secret`,
    [companyId, secret, previousValidUntil],
  );
}

/** Clears the health record after the master re-enables or changes the webhook. */
export async function resetEndpointHealth(db: Queryable, companyId: string) {
  await db.query(
    "UPDATE webhook_endpoints SET failing_since = NULL, disabled_at = NULL, disabled_reason = NULL WHERE company_id = $1",
    [companyId],
  );
}

export async function markEndpointDisabled(db: Queryable, companyId: string, reason: string) {
  await db.query(
    "UPDATE webhook_endpoints SET disabled_at = now(), disabled_reason = $2 WHERE company_id = $1",
    [companyId, reason],
  );
}

export interface NewDelivery {
  id: string;
  eventId: string;
  type: string;
  sessionId: string;
  payload: unknown;
}

export async function insertDeliveries(db: Queryable, companyId: string, deliveries: NewDelivery[]) {
  await db.query(
    `INSERT INTO webhook_deliveries (id, company_id, event_id, type, session_id, payload, job_id)
     SELECT id, $1, event_id, type, session_id, payload, id
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[]) AS d(id, event_id, type, session_id, payload)`,
    [
      companyId,
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.type),
      deliveries.map((d) => d.sessionId),
      deliveries.map((d) => JSON.stringify(d.payload)),
    ],
  );
}

export interface DeliveryRow {
  id: string;
  companyId: string;
  eventId: string;
  type: string;
  sessionId: string;
  payload: unknown;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
}

const DELIVERY_COLUMNS = `id, company_id AS "companyId", event_id AS "eventId", type, session_id AS "sessionId", payload,
  status, attempts, last_status_code AS "lastStatusCode", last_error AS "lastError", created_at AS "createdAt",
  first_attempt_at AS "firstAttemptAt", last_attempt_at AS "lastAttemptAt", delivered_at AS "deliveredAt"`;

export async function selectDelivery(db: Queryable, id: string, companyId?: string) {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND ($2::uuid IS NULL OR company_id = $2)`,
    [id, companyId ?? null],
  );
  return rows[0];
}

export async function selectDeliveryPage(
  db: Queryable,
  companyId: string,
  after: { createdAt: Date; id: string } | undefined,
  limit: number,
) {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
      WHERE company_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [companyId, after?.createdAt ?? null, after?.id ?? null, limit],
  );
  return rows;
}

export interface DeliveryToAttempt {
  delivery: DeliveryRow;
  /** The company's webhook settings, if it has any. */
  webhook: { url: string; enabled: boolean } | null;
  /** Its signing secrets, if it has an endpoint. */
  endpoint: Pick<EndpointRow, "secret" | "previousSecret" | "previousValidUntil"> | null;
}

/** A delivery with what an attempt at it needs, its company's webhook and secrets, in one round trip. */
export async function selectDeliveryToAttempt(
  db: Queryable,
  id: string,
): Promise<DeliveryToAttempt | undefined> {
  const { rows } = await db.query<
    DeliveryRow & { webhook: DeliveryToAttempt["webhook"] } & {
      secret: string | null;
      previousSecret: string | null;
      previousValidUntil: Date | null;
    }
  >(
    `SELECT d.*, c.settings -> 'webhook' AS webhook, e.secret, e.previous_secret AS "previousSecret",
            e.previous_valid_until AS "previousValidUntil"
       FROM (SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1) d
       JOIN companies c ON c.id = d."companyId"
       LEFT JOIN webhook_endpoints e ON e.company_id = d."companyId"`,
    [id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { webhook, secret, previousSecret, previousValidUntil, ...delivery } = row;
  return {
    delivery,
    webhook: webhook ?? null,
    endpoint: secret === null ? null : { secret, previousSecret, previousValidUntil },
  };
}

/**
 * Records one attempt and its outcome on the delivery, and on the endpoint's health: a success
 * clears `failing_since`, a failure sets it if unset. Answers since when the endpoint has been
 * failing without a success (none after a success).
 */
export async function recordAttempt(
  db: Queryable,
  delivery: { id: string; companyId: string },
  attempt: { statusCode: number | null; error: string | null; durationMs: number; delivered: boolean },
): Promise<{ failingSince: Date | null }> {
  const { rows } = await db.query<{ failingSince: Date | null }>(
    `WITH attempt AS (
       INSERT INTO webhook_attempts (delivery_id, status_code, error, duration_ms) VALUES ($1, $2, $3, $4)
     ), health AS (
       UPDATE webhook_endpoints
          SET failing_since = CASE WHEN $5 THEN NULL ELSE coalesce(failing_since, now()) END
        WHERE company_id = $6 AND (NOT $5 OR failing_since IS NOT NULL)
       RETURNING failing_since
     )
     UPDATE webhook_deliveries
        SET attempts = attempts + 1, last_status_code = $2, last_error = $3, last_attempt_at = now(),
            first_attempt_at = coalesce(first_attempt_at, now()),
            status = CASE WHEN $5 THEN 'delivered' ELSE status END,
            delivered_at = CASE WHEN $5 THEN now() ELSE delivered_at END
      WHERE id = $1
     RETURNING (SELECT failing_since FROM health) AS "failingSince"`,
    [
      delivery.id,
      attempt.statusCode,
      attempt.error,
      attempt.durationMs,
      attempt.delivered,
      delivery.companyId,
    ],
  );
  return { failingSince: rows[0]?.failingSince ?? null };
}

export async function markDeliveryFailed(db: Queryable, id: string, error?: string) {
  await db.query(
    "UPDATE webhook_deliveries SET status = 'failed', last_error = coalesce($2, last_error) WHERE id = $1 AND status = 'pending'",
    [id, error ?? null],
  );
}

/** Puts a delivery back to pending with a fresh retry window under a new job; answers whether it existed. */
export async function resetDelivery(db: Queryable, companyId: string, id: string, jobId: string) {
  const { rowCount } = await db.query(
    "UPDATE webhook_deliveries SET status = 'pending', first_attempt_at = NULL, job_id = $3 WHERE company_id = $1 AND id = $2",
    [companyId, id, jobId],
  );
  return rowCount === 1;
}

export async function updateDeliveryJob(db: Queryable, id: string, jobId: string) {
  await db.query("UPDATE webhook_deliveries SET job_id = $2 WHERE id = $1", [id, jobId]);
}

/** Pending deliveries created before `before`, oldest first, after `after` when given, for the reconciler. */
export async function selectStalePendingDeliveries(
  db: Queryable,
  before: Date,
  limit: number,
  after?: { createdAt: Date; id: string },
) {
  const { rows } = await db.query<{ id: string; companyId: string; jobId: string; createdAt: Date }>(
    `SELECT id, company_id AS "companyId", job_id AS "jobId", created_at AS "createdAt" FROM webhook_deliveries
      WHERE status = 'pending' AND created_at < $1
        AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))
      ORDER BY created_at, id LIMIT $2`,
    [before, limit, after?.createdAt ?? null, after?.id ?? null],
  );
  return rows;
}

export async function selectAttempts(db: Queryable, deliveryId: string) {
  const { rows } = await db.query<{
    at: Date;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }>(
    `SELECT at, status_code AS "statusCode", error, duration_ms AS "durationMs"
       FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id`,
    [deliveryId],
  );
  return rows;
}
