import { once } from "node:events";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type pg from "pg";
import { recordActivity } from "../audit/activity.js";
import { conflict, DomainError, errorMessage, isRetryablePgError, notFound } from "../kernel/errors.js";
import { isUuid, uuidv7 } from "../kernel/ids.js";
import type { Actor, SessionStatus } from "../kernel/model.js";
import { settleWithin } from "../kernel/settle-within.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { enqueue, isLiveJobState } from "../platform/queues.js";
import { parseRange } from "../sessions/read-model.js";
import { selectSettings, selectSettingsForUpdate } from "../sql/companies.js";
import {
  completeExport,
  countActiveExports,
  type ExportList,
  type ExportRow,
  type ExportSessionRow,
  type ExportStatus,
  failExport,
  insertExport,
  markExportsExpired,
  type StoredExportFilter,
  selectExpiredExports,
  selectExport,
  selectUnfinishedExports,
  startExport,
  streamExportSessions,
  updateExportRows,
} from "../sql/exports.js";
import { CSV_OPTIONS, exportHeader, toCsvRecord } from "./csv.js";

export type { ExportList, ExportStatus };
export const EXPORT_LISTS: readonly ExportList[] = ["awaiting_action", "sessions", "rejections"];
export const EXPORT_STATUSES: readonly ExportStatus[] = [
  "queued",
  "running",
  "completed",
  "failed",
  "expired",
];

/** Exports of one company queued or running at once; one more answers 429. */
export const MAX_ACTIVE_EXPORTS = 3;
/** How often (in rows) a running export records its progress. */
export const PROGRESS_EVERY_ROWS = 10_000;

export interface ExportRequest {
  list: ExportList;
  filter?: { status?: SessionStatus; q?: string; from?: string; to?: string };
}

export interface ExportView {
  id: string;
  list: ExportList;
  filter: StoredExportFilter;
  status: ExportStatus;
  rows: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  expiresAt?: string;
  error?: string;
}

/** The status a list is made of, if it is fixed, and the order it is read in (as the lists are). */
const LISTS: Record<ExportList, { status?: SessionStatus; order: "newest" | "oldest" }> = {
  awaiting_action: { status: "awaiting_action", order: "oldest" },
  rejections: { status: "rejected", order: "newest" },
  sessions: { order: "newest" },
};

function toView(row: ExportRow): ExportView {
  return {
    id: row.id,
    list: row.list,
    filter: row.filter,
    status: row.status,
    rows: row.rows,
    createdAt: row.createdAt.toISOString(),
    ...(row.startedAt ? { startedAt: row.startedAt.toISOString() } : {}),
    ...(row.finishedAt ? { finishedAt: row.finishedAt.toISOString() } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt.toISOString() } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

/** Checks a request's filter against its list; answers it as stored. */
function storedFilter(request: ExportRequest): StoredExportFilter {
  const { status, q, from, to } = request.filter ?? {};
  const fixed = LISTS[request.list].status;
  if (status !== undefined && fixed !== undefined && status !== fixed) {
    throw new DomainError(
      400,
      "VALIDATION_ERROR",
      `body/filter/status: the ${request.list} list holds only ${fixed} sessions`,
    );
  }
  const range = parseRange(from, to, "body/filter");
  return {
    ...(status ? { status } : {}),
    ...(q ? { q: q.toLowerCase() } : {}),
    ...(range.from ? { from: range.from.toISOString() } : {}),
    ...(range.to ? { to: range.to.toISOString() } : {}),
  };
}

const ENQUEUE_TIMEOUT_MS = 2000;

/**
 * Records a new export of the company's `list` and queues its job. Refuses with 429 while
 * `MAX_ACTIVE_EXPORTS` of the company's are queued or running: the count is taken under a lock
 * of the company's row, so racing requests cannot overshoot it.
 */
export async function createExport(
  ctx: Context,
  companyId: string,
  actor: Actor,
  request: ExportRequest,
): Promise<ExportView> {
  const filter = storedFilter(request);
  const row = await withTransaction(ctx.pool, async (tx) => {
    if (!(await selectSettingsForUpdate(tx, companyId))) throw notFound("company");
    const active = await countActiveExports(tx, companyId);
    if (active >= MAX_ACTIVE_EXPORTS) {
      throw new DomainError(
        429,
        "TOO_MANY_EXPORTS",
        `${active} exports of this company are queued or running, the most at once; try again when one has finished`,
      );
    }
    const created = await insertExport(tx, {
      id: uuidv7(),
      companyId,
      list: request.list,
      filter,
      createdBy: actor,
    });
    await recordActivity(tx, companyId, actor, {
      action: "export.created",
      target: created.id,
      // the search text may name a person, and the log outlives liquidation: only its presence is kept
      details: {
        list: request.list,
        filter: filter.q === undefined ? filter : { ...filter, q: "(not kept)" },
      },
    });
    return created;
  });
  await enqueueExport(ctx, row.id, companyId);
  return toView(row);
}

/** Queues an export's job; when Redis does not take it in time, the reconciler queues it later. */
async function enqueueExport(ctx: Context, exportId: string, companyId: string) {
  try {
    await settleWithin(
      enqueue(ctx.queues, "exports", { exportId, companyId }, { jobId: exportId }),
      ENQUEUE_TIMEOUT_MS,
      `the queue did not take the job in ${ENQUEUE_TIMEOUT_MS} ms`,
    );
  } catch (error) {
    ctx.logger.warn(
      { exportId, err: errorMessage(error) },
      "export job not queued; the reconciler will queue it",
    );
  }
}

async function findExport(ctx: Pick<Context, "pool">, companyId: string, id: string) {
  const row = isUuid(id) ? await selectExport(ctx.pool, companyId, id) : undefined;
  if (!row) throw notFound("export");
  return row;
}

/** One of the company's exports; another company's answers 404. */
export async function getExport(
  ctx: Pick<Context, "pool">,
  companyId: string,
  id: string,
): Promise<ExportView> {
  return toView(await findExport(ctx, companyId, id));
}

/** `verdict-<list>-<YYYY-MM-DD>-<first 8 of the id>.csv`, dated by the export's creation (UTC). */
export function exportFileName(row: Pick<ExportRow, "id" | "list" | "createdAt">): string {
  return `verdict-${row.list}-${row.createdAt.toISOString().slice(0, 10)}-${row.id.slice(0, 8)}.csv`;
}

/**
 * The finished file of one of the company's exports, with its download name; records the
 * download in the activity log. 409 until it is completed, 410 once it expired.
 */
export async function openExportFile(
  ctx: Pick<Context, "pool" | "files">,
  companyId: string,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; stream: Readable }> {
  const row = await findExport(ctx, companyId, id);
  const expired = () => new DomainError(410, "EXPORT_EXPIRED", "the export's file has expired; export again");
  switch (row.status) {
    case "queued":
    case "running":
      throw conflict(
        "EXPORT_NOT_READY",
        `the export is ${row.status}; its file is there once it is completed`,
      );
    case "failed":
      throw conflict("EXPORT_FAILED", `the export failed: ${row.error ?? "no reason recorded"}`);
    case "expired":
      throw expired();
  }
  if (!row.fileKey || (row.expiresAt && row.expiresAt <= new Date())) throw expired();
  const stream = await ctx.files.read(row.fileKey);
  if (!stream) throw expired();
  try {
    await recordActivity(ctx.pool, companyId, actor, {
      action: "export.downloaded",
      target: row.id,
      details: { list: row.list, rows: row.rows },
    });
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { fileName: exportFileName(row), stream };
}

/** What running an export needs: Postgres, the file store, the config (TTL), a logger, and metrics if any. */
export type ExportDeps = Pick<Context, "pool" | "config" | "files" | "logger"> &
  Partial<Pick<Context, "metrics">>;

export type ExportRun = { ran: false } | { ran: true; rows: number };

/**
 * Writes an export's CSV: streams the matching sessions from a cursor on a client of its own,
 * through csv-stringify, into the file store, recording the row count every
 * `PROGRESS_EVERY_ROWS` rows (and telling `onProgress`). The file appears under its key only
 * once whole. An export already finished (or unknown) is left alone: `{ ran: false }`.
 */
export async function runExport(
  deps: ExportDeps,
  exportId: string,
  onProgress: (rows: number) => Promise<unknown> | undefined = () => undefined,
): Promise<ExportRun> {
  const row = await startExport(deps.pool, exportId);
  if (!row) return { ran: false };
  const settings = await selectSettings(deps.pool, row.companyId);
  if (!settings) throw new Error(`company ${row.companyId} not found`);
  const extraNames = settings.extraFields.map((field) => field.name);
  const list = LISTS[row.list];

  const key = `exports/${row.companyId}/${row.id}.csv`;
  const upload = await deps.files.create(key);
  let client: pg.PoolClient | undefined;
  let rows = 0;
  try {
    client = await deps.pool.connect();
    const sessions = streamExportSessions(client, {
      companyId: row.companyId,
      status: list.status ?? row.filter.status,
      q: row.filter.q,
      from: row.filter.from ? new Date(row.filter.from) : undefined,
      to: row.filter.to ? new Date(row.filter.to) : undefined,
      order: list.order,
      slaHours: settings.awaitingAction.slaHours,
      withExtra: extraNames.length > 0,
    });
    const csv = stringify({ ...CSV_OPTIONS, header: true, columns: exportHeader(extraNames) });
    const written = pipeline(csv, upload.stream);
    written.catch(() => {}); // awaited below; a failed write also ends the loop, through the race
    try {
      // Reading the cursor as an iterator (not piping it) asks for the next batch as soon as this
      // one is taken, so Postgres produces it while these rows are written.
      for await (const session of sessions as AsyncIterable<ExportSessionRow>) {
        rows++;
        if (!csv.write(toCsvRecord(session, extraNames))) await Promise.race([once(csv, "drain"), written]);
        if (rows % PROGRESS_EVERY_ROWS === 0) {
          await Promise.all([updateExportRows(deps.pool, exportId, rows), onProgress(rows)]);
        }
      }
      csv.end();
      await written;
    } catch (error) {
      csv.destroy(); // stops the pipeline to the file, which the caller then throws away
      throw error;
    }
    await upload.commit();
    client.release();
    client = undefined;
  } catch (error) {
    await upload.abort().catch(() => {});
    client?.release(error instanceof Error ? error : true); // a client broken mid-cursor is not reused
    throw error;
  }
  await completeExport(deps.pool, exportId, rows, key, deps.config.exportTtlHours);
  deps.metrics?.exports.inc({ outcome: "completed" });
  await onProgress(rows);
  return { ran: true, rows };
}

/** What a failed export tells its owner: file-system details stay in the log. */
export function failureReason(error: unknown): string {
  const code = (error as { code?: unknown; path?: unknown } | null)?.code;
  if (typeof code === "string" && typeof (error as { path?: unknown }).path === "string") {
    return `the file store failed (${code})`;
  }
  return errorMessage(error).slice(0, 1000) || "unknown error";
}

/**
 * Whether another try of a failed export may succeed: Postgres hiccups and lost connections.
 * Anything else (a full or missing directory, a bug) fails the export at once.
 */
export function isRetryableExportError(error: unknown): boolean {
  return isRetryablePgError(error);
}

/** Records that an export failed for good, and why. */
export async function markExportFailed(deps: ExportDeps, exportId: string, error: unknown): Promise<void> {
  deps.logger.error({ exportId, err: errorMessage(error) }, "export failed");
  await failExport(deps.pool, exportId, failureReason(error));
  deps.metrics?.exports.inc({ outcome: "failed" });
}

const EXPIRY_BATCH = 100;

/** Deletes the files of exports past their expiry and marks those exports expired. Answers how many. */
export async function expireExports(ctx: Pick<Context, "pool" | "files" | "logger">): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await selectExpiredExports(ctx.pool, EXPIRY_BATCH);
    for (const entry of due) if (entry.fileKey) await ctx.files.remove(entry.fileKey);
    if (due.length > 0)
      await markExportsExpired(
        ctx.pool,
        due.map((entry) => entry.id),
      );
    total += due.length;
    if (due.length < EXPIRY_BATCH) break;
  }
  if (total > 0) ctx.logger.info({ expired: total }, "deleted expired export files");
  return total;
}

/**
 * Finds exports queued or running for longer than `reconcileAfterMs` whose job is gone (Redis
 * did not take it, was flushed) and queues them again; an export whose job failed for good (its
 * worker died more often than BullMQ allows) is marked failed. Answers how many it re-queued.
 */
export async function reconcileExports(ctx: Context, limit = 1000): Promise<number> {
  const before = new Date(Date.now() - ctx.config.reconcileAfterMs);
  let requeued = 0;
  for (const entry of await selectUnfinishedExports(ctx.pool, before, limit)) {
    const state = await ctx.queues.exports.getJobState(entry.id);
    if (isLiveJobState(state)) continue;
    if (state === "failed") {
      const job = await ctx.queues.exports.getJob(entry.id);
      await markExportFailed(ctx, entry.id, new Error(job?.failedReason || "the export job failed"));
      continue;
    }
    if (state === "completed") await ctx.queues.exports.remove(entry.id);
    await enqueue(
      ctx.queues,
      "exports",
      { exportId: entry.id, companyId: entry.companyId },
      { jobId: entry.id },
    );
    requeued++;
  }
  if (requeued > 0) ctx.logger.warn({ requeued }, "re-queued exports whose job was lost");
  return requeued;
}
