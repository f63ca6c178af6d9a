import type { Queryable } from "../platform/db.js";
import { SESSION_COLUMNS, type SessionRow } from "./sessions.js";

/**
 * Claims an awaiting session for `keyId` until `ttlMs` from now, when it is unclaimed, its
 * claim expired, or the key holds it already (which extends it). Answers the session, or
 * nothing when the claim was not taken.
 */
export async function takeClaim(db: Queryable, companyId: string, id: string, keyId: string, ttlMs: number) {
  const { rows } = await db.query<SessionRow>(
    `WITH claimed AS (
       UPDATE sessions s SET claim_by = $3, claim_expires_at = clock_timestamp() + make_interval(secs => $4::float8 / 1000)
        WHERE s.company_id = $1 AND s.id = $2 AND s.status = 'awaiting_action'
          AND (s.claim_by IS NULL OR s.claim_expires_at <= clock_timestamp() OR s.claim_by = $3)
       RETURNING s.*
     ), history AS (
       INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, details)
       SELECT id, $1, 'claimed', 'user', $3, jsonb_build_object('expiresAt', claim_expires_at) FROM claimed
     )
     SELECT ${SESSION_COLUMNS} FROM claimed s`,
    [companyId, id, keyId, ttlMs],
  );
  return rows[0];
}

/** Releases the claim `keyId` holds (or any claim, when `anyHolder`); answers whether it did. */
export async function dropClaim(
  db: Queryable,
  companyId: string,
  id: string,
  keyId: string,
  anyHolder: boolean,
) {
  const { rowCount } = await db.query(
    `WITH released AS (
       UPDATE sessions s SET claim_by = NULL, claim_expires_at = NULL
        WHERE s.company_id = $1 AND s.id = $2 AND s.claim_by IS NOT NULL AND s.claim_expires_at > clock_timestamp()
          AND (s.claim_by = $3 OR $4)
       RETURNING s.id, s.claim_by
     )
     INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, details)
     SELECT id, $1, 'released', 'user', $3, jsonb_build_object('claimedBy', claim_by) FROM released`,
    [companyId, id, keyId, anyHolder],
  );
  return rowCount === 1;
}

export interface Resolution {
  outcome: "success" | "rejected";
  reasons: string[];
  note: string | null;
  by: { type: "user" | "sla"; id?: string };
}

/**
 * Resolves the awaiting sessions among `ids` that nobody else holds an unexpired claim on, in
 * one conditional statement, so that of racing resolutions exactly one wins. Records history and
 * reason counts. Answers the ids it resolved.
 */
export async function resolveAwaiting(
  db: Queryable,
  companyId: string,
  ids: string[],
  resolution: Resolution,
) {
  const { rows } = await db.query<{ id: string }>(
    `WITH parked AS (
       SELECT id, outcome, reasons, rule_set_version, decided_at FROM sessions s
        WHERE s.company_id = $1 AND s.id = ANY($2::uuid[]) AND s.status = 'awaiting_action'
          AND ($8 OR s.claim_by IS NULL OR s.claim_expires_at <= clock_timestamp() OR s.claim_by = $6)
        FOR UPDATE
     ), resolved AS (
       UPDATE sessions s
          SET status = $3, outcome = $3, reasons = $4, decided_by_type = $5, decided_by_id = $6,
              decided_at = clock_timestamp(), decision_note = $7, claim_by = NULL, claim_expires_at = NULL
         FROM parked WHERE s.id = parked.id
       RETURNING s.id, s.decided_at
     ), history AS (
       -- the engine's decision, which the row held until now, then the resolution
       INSERT INTO session_events (session_id, company_id, at, type, actor_type, actor_id, details)
       SELECT id, $1, decided_at, 'decided', 'engine', NULL,
              jsonb_build_object('outcome', outcome, 'reasons', reasons, 'ruleSetVersion', rule_set_version)
         FROM parked
       UNION ALL
       SELECT id, $1, decided_at, 'resolved', $5, $6,
              jsonb_strip_nulls(jsonb_build_object('outcome', $3::text, 'reasons', $4::jsonb, 'note', $7::text))
         FROM resolved
     ), unparked AS (
       UPDATE awaiting_counts SET count = count - (SELECT count(*) FROM resolved)
        WHERE company_id = $1 AND EXISTS (SELECT 1 FROM resolved)
     ), stats AS (
       INSERT INTO decision_stats (company_id, day, kind, key, count)
       SELECT $1, (decided_at AT TIME ZONE 'UTC')::date, 'reason', reason, count(*)
         FROM resolved, jsonb_array_elements_text($4::jsonb) AS reason
        GROUP BY 2, 4 ORDER BY 2, 4
       ON CONFLICT (company_id, day, kind, key) DO UPDATE SET count = decision_stats.count + EXCLUDED.count
     )
     SELECT id FROM resolved`,
    [
      companyId,
      ids,
      resolution.outcome,
      JSON.stringify(resolution.reasons),
      resolution.by.type,
      resolution.by.id ?? null,
      resolution.note,
      resolution.by.type === "sla", // the SLA overrides claims
    ],
  );
  return rows.map((row) => row.id);
}

/** The status and live claim of the company's sessions among `ids`, to explain a refusal. */
export async function selectClaimStates(db: Queryable, companyId: string, ids: string[]) {
  const { rows } = await db.query<{ id: string; status: string; claimBy: string | null }>(
    `SELECT id, status, CASE WHEN claim_expires_at > clock_timestamp() THEN claim_by END AS "claimBy"
       FROM sessions WHERE company_id = $1 AND id = ANY($2::uuid[])`,
    [companyId, ids],
  );
  return rows;
}

export async function insertNote(db: Queryable, companyId: string, id: string, keyId: string, text: string) {
  const { rows } = await db.query<{ at: Date }>(
    `INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, details)
     SELECT s.id, s.company_id, 'note', 'user', $3, jsonb_build_object('text', $4::text)
       FROM sessions s WHERE s.company_id = $1 AND s.id = $2
     RETURNING at`,
    [companyId, id, keyId, text],
  );
  return rows[0];
}

export async function countAwaiting(db: Queryable, companyId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    "SELECT count FROM awaiting_counts WHERE company_id = $1",
    [companyId],
  );
  return rows[0]?.count ?? 0;
}

/** Awaiting sessions (among `ids`, when given) parked before `parkedBefore`, oldest first. */
export async function selectExpiredAwaiting(
  db: Queryable,
  companyId: string,
  parkedBefore: Date,
  limit: number,
  ids?: string[],
) {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM sessions
      WHERE company_id = $1 AND status = 'awaiting_action' AND decided_at <= $2
        AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
      ORDER BY created_at LIMIT $3`,
    [companyId, parkedBefore, limit, ids ?? null],
  );
  return rows.map((row) => row.id);
}
