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
