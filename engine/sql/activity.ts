import type { Actor } from "../kernel/model.js";
import type { Queryable } from "../platform/db.js";

export interface ActivityEntry {
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export interface ActivityRow {
  id: number;
  at: Date;
  actor: Actor;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

export async function insertActivity(db: Queryable, companyId: string, actor: Actor, entry: ActivityEntry) {
  await db.query(
    `INSERT INTO activity (company_id, actor_type, actor_id, actor_name, action, target, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      companyId,
      actor.type,
      actor.id ?? null,
      actor.name ?? null,
      entry.action,
      entry.target ?? null,
      entry.details ?? {},
    ],
  );
}

export async function selectActivity(db: Queryable, companyId: string, limit: number, beforeId?: number) {
  const { rows } = await db.query<ActivityRow>(
    `SELECT id, at, jsonb_strip_nulls(jsonb_build_object('type', actor_type, 'id', actor_id, 'name', actor_name)) AS actor,
            action, target, details
       FROM activity WHERE company_id = $1 AND ($2::bigint IS NULL OR id < $2)
      ORDER BY id DESC LIMIT $3`,
    [companyId, beforeId ?? null, limit],
  );
  return rows;
}
