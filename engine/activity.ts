import type { Queryable } from "./db.js";
import type { Actor } from "./model.js";
import { decodeCursor, encodeCursor, type Page } from "./pagination.js";
import { type ActivityEntry, type ActivityRow, insertActivity, selectActivity } from "./sql/activity.js";

export type { ActivityEntry };
export type ActivityView = Omit<ActivityRow, "id"> & { id: string };

/** Appends to the company's activity log; call it inside the transaction of the change it records. */
export const recordActivity = (db: Queryable, companyId: string, actor: Actor, entry: ActivityEntry) =>
  insertActivity(db, companyId, actor, entry);

/** The company's activity, newest first. */
export async function listActivity(
  db: Queryable,
  companyId: string,
  limit: number,
  cursor?: string,
): Promise<Page<ActivityView>> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor, (c) => Number.isInteger(c.id));
  const rows = await selectActivity(db, companyId, limit + 1, after?.id as number | undefined);
  return {
    items: rows.slice(0, limit).map((row) => ({ ...row, id: String(row.id) })),
    nextCursor: rows.length > limit ? encodeCursor({ id: rows[limit - 1]!.id }) : null,
  };
}
