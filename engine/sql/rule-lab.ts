import type pg from "pg";
import type { Rule, SessionData } from "../../rules/index.js";
import type { Actor } from "../kernel/model.js";
import { type Queryable, readInBatches } from "../platform/db.js";

export type SimulationStatus = "queued" | "running" | "completed" | "failed";

export interface SimulationRow {
  id: string;
  companyId: string;
  status: SimulationStatus;
  rules: Rule[];
  fromAt: Date;
  toAt: Date;
  maxSessions: number;
  done: number;
  total: number | null;
  result: unknown;
  error: string | null;
  createdAt: Date;
}

const SIMULATION_COLUMNS = `id, company_id AS "companyId", status, rules, from_at AS "fromAt", to_at AS "toAt",
  max_sessions AS "maxSessions", done, total, result, error, created_at AS "createdAt"`;

export async function insertSimulation(
  db: Queryable,
  simulation: {
    id: string;
    companyId: string;
    rules: Rule[];
    from: Date;
    to: Date;
    limit: number;
    by: Actor;
  },
) {
  await db.query(
    `INSERT INTO simulations (id, company_id, status, rules, from_at, to_at, max_sessions, created_by)
     VALUES ($1, $2, 'queued', $3, $4, $5, $6, $7)`,
    [
      simulation.id,
      simulation.companyId,
      JSON.stringify(simulation.rules),
      simulation.from,
      simulation.to,
      simulation.limit,
      simulation.by,
    ],
  );
}

export async function selectSimulation(db: Queryable, companyId: string, id: string) {
  const { rows } = await db.query<SimulationRow>(
    `SELECT ${SIMULATION_COLUMNS} FROM simulations WHERE company_id = $1 AND id = $2`,
    [companyId, id],
  );
  return rows[0];
}

/**
 * Marks a queued simulation running unless its company already runs `cap` (the company's row
 * lock orders concurrent starts); answers it, or undefined (finished already, or at the cap).
 */
export async function startSimulation(db: Queryable, id: string, cap: number) {
  const { rows } = await db.query<SimulationRow>(
    `WITH sim AS (SELECT company_id FROM simulations WHERE id = $1 AND status = 'queued'),
          locked AS (SELECT id FROM companies WHERE id = (SELECT company_id FROM sim) FOR UPDATE)
     UPDATE simulations s SET status = 'running'
      WHERE s.id = $1 AND s.status = 'queued' AND EXISTS (SELECT 1 FROM locked)
        AND (SELECT count(*) FROM simulations r WHERE r.company_id = s.company_id AND r.status = 'running') < $2
     RETURNING ${SIMULATION_COLUMNS}`,
    [id, cap],
  );
  return rows[0];
}

export async function updateSimulationProgress(db: Queryable, id: string, done: number, total?: number) {
  await db.query("UPDATE simulations SET done = $2, total = coalesce($3, total) WHERE id = $1", [
    id,
    done,
    total ?? null,
  ]);
}

export async function finishSimulation(
  db: Queryable,
  id: string,
  outcome: { status: "completed"; done: number; result: unknown } | { status: "failed"; error: string },
) {
  await db.query(
    `UPDATE simulations SET status = $2, done = coalesce($3, done), result = $4, error = $5, finished_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [
      id,
      outcome.status,
      outcome.status === "completed" ? outcome.done : null,
      outcome.status === "completed" ? JSON.stringify(outcome.result) : null,
      outcome.status === "failed" ? outcome.error : null,
    ],
  );
}

/** How many of the company's sessions were submitted in [from, to], up to `limit`. */
export async function countSimulated(db: Queryable, companyId: string, from: Date, to: Date, limit: number) {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM sessions
       WHERE company_id = $1 AND created_at >= $2 AND created_at <= $3 LIMIT $4) s`,
    [companyId, from, to, limit],
  );
  return rows[0]?.n ?? 0;
}

/** A stored session as a simulation sees it: its data, submission time and the engine's outcome then. */
export interface SimulatedRow {
  id: string;
  externalId: string;
  data: SessionData | null;
  /** When it was submitted, in milliseconds since the epoch (a number reads faster than a timestamp). */
  createdAtMs: number;
  /** The engine's outcome and reasons, before any person resolved the session; null while pending. */
  engineOutcome: string | null;
  engineReasons: string[] | null;
}

/**
 * The company's sessions submitted in [from, to], newest first, up to `limit`, in batches through a
 * cursor on `client` (constant memory). The engine's outcome is the row's while it stands, else the
 * one a resolution kept in the history.
 */
export function readSimulated(
  client: pg.PoolClient,
  query: { companyId: string; from: Date; to: Date; limit: number },
  batchSize = 2000,
) {
  return readInBatches<SimulatedRow>(
    client,
    `SELECT s.id, s.external_id AS "externalId", s.data,
            (extract(epoch FROM s.created_at) * 1000)::float8 AS "createdAtMs",
            CASE WHEN s.decided_by_type = 'engine' OR s.decided_by_type IS NULL THEN s.outcome
                 ELSE e.details->>'outcome' END AS "engineOutcome",
            CASE WHEN s.decided_by_type = 'engine' OR s.decided_by_type IS NULL THEN s.reasons
                 ELSE e.details->'reasons' END AS "engineReasons"
       FROM sessions s
       LEFT JOIN LATERAL (SELECT details FROM session_events ev
                           WHERE ev.session_id = s.id AND ev.type = 'decided' AND s.decided_by_type <> 'engine'
                           ORDER BY ev.id LIMIT 1) e ON true
      WHERE s.company_id = $1 AND s.created_at >= $2 AND s.created_at <= $3
      ORDER BY s.created_at DESC, s.id DESC
      LIMIT $4`,
    [query.companyId, query.from, query.to, query.limit],
    batchSize,
  );
}

// ---- the shadow set ----

export interface ShadowRow {
  rules: Rule[];
  since: Date;
  until: Date | null;
}

export async function upsertShadow(
  db: Queryable,
  companyId: string,
  rules: Rule[],
  until: Date | null,
  by: Actor,
) {
  const { rows } = await db.query<ShadowRow>(
    `INSERT INTO shadow_sets (company_id, rules, since, until, created_by) VALUES ($1, $2, date_trunc('milliseconds', clock_timestamp()), $3, $4)
     ON CONFLICT (company_id) DO UPDATE
       SET rules = excluded.rules, since = excluded.since, until = excluded.until, created_by = excluded.created_by
     RETURNING rules, since, until`,
    [companyId, JSON.stringify(rules), until, by],
  );
  return rows[0]!;
}

export async function selectShadow(db: Queryable, companyId: string) {
  const { rows } = await db.query<ShadowRow & { transitions: { from: string; to: string; count: number }[] }>(
    `SELECT s.rules, s.since, s.until,
            coalesce((SELECT json_agg(json_build_object('from', t.from_outcome, 'to', t.to_outcome, 'count', t.count)
                                      ORDER BY t.count DESC, t.from_outcome, t.to_outcome)
                        FROM shadow_transitions t WHERE t.company_id = s.company_id AND t.since = s.since), '[]') AS transitions
       FROM shadow_sets s WHERE s.company_id = $1`,
    [companyId],
  );
  return rows[0];
}

export async function deleteShadow(db: Queryable, companyId: string) {
  const { rowCount } = await db.query("DELETE FROM shadow_sets WHERE company_id = $1", [companyId]);
  await db.query("DELETE FROM shadow_transitions WHERE company_id = $1", [companyId]);
  return rowCount === 1;
}

/** Adds what the shadow set would have decided of a batch to its counts, in the deciding transaction. */
export async function countShadowTransitions(
  db: Queryable,
  companyId: string,
  since: Date,
  counts: Map<string, number>,
) {
  if (counts.size === 0) return;
  const entries = [...counts].map(([key, count]) => [...key.split(">"), count] as const);
  await db.query(
    `INSERT INTO shadow_transitions (company_id, since, from_outcome, to_outcome, count)
     SELECT $1, $2, f, t, c FROM unnest($3::text[], $4::text[], $5::bigint[]) AS u(f, t, c)
     ON CONFLICT (company_id, since, from_outcome, to_outcome)
       DO UPDATE SET count = shadow_transitions.count + excluded.count`,
    [companyId, since, entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2])],
  );
}
