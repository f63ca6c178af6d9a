import { errorMessage } from "../kernel/errors.js";
import type { Context } from "../platform/context.js";
import { deleteFileRemovals, selectDueFileRemovals } from "../sql/media.js";

type Deps = Pick<Context, "pool" | "files" | "logger">;

/** How long an upload's file may stay unrecorded before a sweep takes it for what a crash left. */
export const UPLOAD_GRACE_MS = 3_600_000;
const SWEEP_BATCH = 500;

/**
 * Deletes files from the store, then their entries in `file_removals`: an entry outlives its file,
 * never the other way round, so a crash in between leaves work for the next sweep and no file
 * behind. A file the store cannot delete now keeps its entry (logged). Answers how many it deleted.
 */
export async function removeFiles(ctx: Deps, fileKeys: string[]): Promise<number> {
  const removed: string[] = [];
  for (const key of fileKeys) {
    try {
      await ctx.files.remove(key);
      removed.push(key);
    } catch (error) {
      ctx.logger.warn({ err: errorMessage(error), key }, "could not delete a file; the next sweep retries");
    }
  }
  if (removed.length > 0) await deleteFileRemovals(ctx.pool, removed);
  return removed.length;
}

/**
 * The sweep of the `remove-files` maintenance task: deletes every file whose removal is due
 * (liquidated media; uploads a crash cut off from their row), then the partial uploads killed
 * processes left in the store. Answers how many of each.
 */
export async function sweepFiles(ctx: Deps): Promise<{ removed: number; abandoned: number }> {
  let removed = 0;
  for (;;) {
    const due = await selectDueFileRemovals(ctx.pool, SWEEP_BATCH);
    const done = due.length > 0 ? await removeFiles(ctx, due) : 0;
    removed += done;
    // a batch the store refused in part is left to the next sweep
    if (due.length < SWEEP_BATCH || done < due.length) break;
  }
  const abandoned = await ctx.files.removeAbandoned(new Date(Date.now() - UPLOAD_GRACE_MS));
  if (removed + abandoned > 0) ctx.logger.info({ removed, abandoned }, "deleted files due for removal");
  return { removed, abandoned };
}
