import type { Actor } from "../kernel/model.js";
import type { Queryable } from "../platform/db.js";

const ERASE = `data = NULL, data_hash = NULL, liquidated_at = clock_timestamp()`;

/**
 * Erases the personal data of the company's final sessions among `ids`: their data, search text
 * and media rows, whose files it marks for removal at once (engine/evidence/file-removals.ts
 * deletes them). Answers the sessions erased now and those files.
 */
export async function eraseSessions(db: Queryable, companyId: string, ids: string[], actor: Actor) {
  const { rows } = await db.query<{ ids: string[]; fileKeys: string[] }>(
    `WITH erased AS (
       UPDATE sessions SET ${ERASE}
        WHERE company_id = $1 AND id = ANY($2::uuid[]) AND liquidated_at IS NULL AND status IN ('success', 'rejected', 'resubmission_requested')
       RETURNING id, liquidated_at
     ), unsearchable AS (
       DELETE FROM session_search WHERE session_id IN (SELECT id FROM erased)
     ), history AS (
       INSERT INTO session_events (session_id, company_id, at, type, actor_type, actor_id, actor_name)
       SELECT id, $1, liquidated_at, 'liquidated', $3, $4, $5 FROM erased
     ), unmedia AS (
       DELETE FROM media WHERE session_id IN (SELECT id FROM erased) RETURNING file_key
     ), removals AS (
       INSERT INTO file_removals (file_key, due_at) SELECT file_key, now() FROM unmedia
       ON CONFLICT (file_key) DO UPDATE SET due_at = excluded.due_at
     )
     SELECT ARRAY(SELECT id FROM erased)::text[] AS ids, ARRAY(SELECT file_key FROM unmedia) AS "fileKeys"`,
    [companyId, ids, actor.type, actor.id ?? null, actor.name ?? null],
  );
  return rows[0]!;
}

/** Up to `limit` of the company's final sessions created before `before` and not yet liquidated. */
export async function selectLiquidatable(db: Queryable, companyId: string, before: Date, limit: number) {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM sessions
      WHERE company_id = $1 AND liquidated_at IS NULL AND status IN ('success', 'rejected', 'resubmission_requested') AND created_at < $2
      ORDER BY created_at LIMIT $3`,
    [companyId, before, limit],
  );
  return rows.map((row) => row.id);
}

/** Companies whose settings ask for liquidation after some days, with that number. */
export async function selectRetentionPolicies(db: Queryable) {
  const { rows } = await db.query<{ companyId: string; days: number }>(
    `SELECT id AS "companyId", (settings->'retention'->>'liquidateAfterDays')::int AS days
       FROM companies WHERE jsonb_typeof(settings->'retention'->'liquidateAfterDays') = 'number'`,
  );
  return rows;
}
