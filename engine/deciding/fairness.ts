import type { Context } from "../platform/context.js";

/**
 * Per-company fairness on the shared `decide` queue. BullMQ's job groups are not open source, so
 * each decide job gets a priority from how much its company had submitted in the last 10 to 20
 * seconds before it (two 10-second windows): a company that submits little stays at the top priority (1), while
 * a flooding company's later batches sink one step per 1000 sessions. A quiet company's session
 * therefore overtakes a flood instead of waiting behind it, and a flood is still decided in the
 * order it came.
 *
 * A session counts by its size: one per 4 KiB of data started, since loading and evaluating it
 * costs about in proportion. A company sending sessions at the data limits (64 KiB, 16 each)
 * therefore sinks after 63 of them, and cannot keep its batches at the top priority by sending
 * few but expensive sessions.
 */
const WINDOW_MS = 10_000;
const SESSIONS_PER_STEP = 1000;
const LOWEST = 2_097_152; // BullMQ's largest priority
const BYTES_PER_SESSION = 4096;

/** What a session with `dataBytes` of JSON counts for in its company's volume. */
export const sessionWeight = (dataBytes: number) => Math.max(1, Math.ceil(dataBytes / BYTES_PER_SESSION));

/**
 * Counts `weight` (sessions by `sessionWeight`) into the company's window; answers its volume
 * before, over this window and the one before it, so that a flood does not start from nothing
 * when a window turns. Fairness is best effort: what the broker cannot count now counts as none.
 */
export async function recordIntakeVolume(
  ctx: Pick<Context, "broker" | "config">,
  companyId: string,
  weight: number,
): Promise<number> {
  const window = Math.floor(Date.now() / WINDOW_MS);
  const key = (n: number) => `${ctx.config.queuePrefix}:intake-volume:${companyId}:${n}`;
  const [now, before] = await Promise.all([
    ctx.broker.count(key(window), weight, WINDOW_MS * 2).catch(() => undefined),
    ctx.broker.count(key(window - 1), 0, WINDOW_MS * 2).catch(() => undefined),
  ]);
  return (now ? now.count - weight : 0) + (before?.count ?? 0);
}

/** The priority of a decide job whose first session comes after `volume` others of its company. */
export const priorityAfter = (volume: number) => Math.min(LOWEST, 1 + Math.floor(volume / SESSIONS_PER_STEP));

/**
 * The priority of a decide job put back in the queue after a run that spent its budget
 * (engine/deciding/decide.ts): one step lower, since BullMQ puts a job moved back to wait ahead of those
 * of its own priority, and an expensive batch must let the others waiting at that level go first.
 */
export const priorityAfterRun = (priority: number) => Math.min(LOWEST, Math.max(1, priority) + 1);
