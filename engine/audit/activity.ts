import type { Actor } from "../kernel/model.js";
import { cursorShape, type Page, type PageRequest, positionValue, readPage } from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import type { Queryable } from "../platform/db.js";
import { type ActivityEntry, type ActivityRow, insertActivity, selectActivity } from "../sql/activity.js";

export type { ActivityEntry };
export type ActivityView = Omit<ActivityRow, "id"> & { id: string };

/** Appends to the company's activity log; call it inside the transaction of the change it records. */
export const recordActivity = (db: Queryable, companyId: string, actor: Actor, entry: ActivityEntry) =>
  insertActivity(db, companyId, actor, entry);

/** Where the activity list stopped: the last entry's id. */
const ACTIVITY_CURSOR = cursorShape("activity", { id: positionValue.rowId }, (row: ActivityRow) => ({
  id: row.id,
}));

/** The company's activity, newest first. */
export async function listActivity(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
  page: PageRequest,
): Promise<Page<ActivityView>> {
  const found = await readPage(ACTIVITY_CURSOR, page, (after, limit) =>
    selectActivity(db, companyId, limit, after?.id),
  );
  return { ...found, items: found.items.map((row) => ({ ...row, id: String(row.id) })) };
}
