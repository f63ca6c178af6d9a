import type { Queryable } from "../platform/db.js";

/** Sessions created in [from, to) by UTC day and current status, counted from the status index. */
export async function selectCountsByDay(db: Queryable, companyId: string, from: Date, to: Date) {
  const { rows } = await db.query<{ day: string; status: string; count: number }>(
    `SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, status, count(*) AS count
       FROM sessions WHERE company_id = $1 AND created_at >= $2 AND created_at < $3
      GROUP BY 1, 2 ORDER BY 1`,
    [companyId, from, to],
  );
  return rows;
}

/** The rollup counts of one kind for decisions on UTC days [fromDay, toDay). */
export async function selectDecisionStats(
  db: Queryable,
  companyId: string,
  kind: "reason" | "latency",
  fromDay: string,
  toDay: string,
) {
  const { rows } = await db.query<{ key: string; count: number }>(
    `SELECT key, sum(count)::bigint AS count FROM decision_stats
      WHERE company_id = $1 AND kind = $2 AND day >= $3::date AND day < $4::date
      GROUP BY key ORDER BY count DESC, key`,
    [companyId, kind, fromDay, toDay],
  );
  return rows;
}

/** The company's oldest parking time of a session still awaiting action, and how many were parked before `overdueBefore`. */
export async function selectAwaitingAge(db: Queryable, companyId: string, overdueBefore: Date) {
  const { rows } = await db.query<{ oldest: Date | null; overdue: number }>(
    `SELECT min(decided_at) AS oldest, count(*) FILTER (WHERE decided_at < $2)::int AS overdue
       FROM sessions WHERE company_id = $1 AND status = 'awaiting_action'`,
    [companyId, overdueBefore],
  );
  return rows[0] ?? { oldest: null, overdue: 0 };
}

export interface ReviewerFigures {
  id: string;
  name: string | null;
  resolved: number;
  approved: number;
  rejected: number;
  medianHandlingMs: number | null;
}

/**
 * Each person's resolutions in [from, to), from the history: how many, how many approved and
 * rejected, and the median handling time each resolution recorded (from the resolver's claim, or
 * the parking when they held none, to the resolution; a proposal's, to the proposal). Most first.
 */
export async function selectReviewerFigures(db: Queryable, companyId: string, from: Date, to: Date) {
  const { rows } = await db.query<ReviewerFigures>(
    `SELECT actor_id AS id, (array_agg(actor_name ORDER BY at DESC))[1] AS name,
            count(*)::int AS resolved,
            count(*) FILTER (WHERE details->>'outcome' = 'success')::int AS approved,
            count(*) FILTER (WHERE details->>'outcome' = 'rejected')::int AS rejected,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY (details->>'handlingMs')::float8) AS "medianHandlingMs"
       FROM session_events
      WHERE company_id = $1 AND type = 'resolved' AND actor_type IN ('user', 'key') AND at >= $2 AND at < $3
      GROUP BY actor_id
      ORDER BY resolved DESC, id`,
    [companyId, from, to],
  );
  return rows;
}
