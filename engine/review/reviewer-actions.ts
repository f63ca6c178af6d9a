import { recordActivity } from "../audit/activity.js";
import { badRequest, conflict, notFound } from "../kernel/errors.js";
import { isUuid } from "../kernel/ids.js";
import type { Settings } from "../kernel/model.js";
import type { Page, PageRequest } from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { getSession, listSessions, type SessionView } from "../sessions/read-model.js";
import { selectSettings } from "../sql/companies.js";
import { countAwaiting, dropClaim, insertNote, selectClaimStates, takeClaim } from "../sql/review.js";
import { REJECTION_REASON_CODES, type RejectionReason } from "./rejection-reasons.js";
import { applyResolution } from "./resolution.js";

export const CLAIM_TTL_MS = 15 * 60 * 1000;

/** A reviewer acting through their key. */
export interface Reviewer {
  companyId: string;
  keyId: string;
  isMaster: boolean;
}

const actorOf = (reviewer: Reviewer) => ({ type: "user" as const, id: reviewer.keyId });

/** Explains why a session could not be claimed or resolved: 404, or 409 with the reason. */
async function refusal(db: Queryable, companyId: string, id: string, keyId: string) {
  const [state] = isUuid(id) ? await selectClaimStates(db, companyId, [id]) : [];
  if (!state) return notFound("session");
  if (state.status !== "awaiting_action")
    return conflict("NOT_AWAITING_ACTION", `the session is ${state.status}`);
  if (state.claimBy && state.claimBy !== keyId)
    return conflict("CLAIMED", `the session is claimed by key ${state.claimBy}`);
  return conflict("CONFLICT", "the session changed meanwhile; try again");
}

export async function claimSession({ pool }: Pick<Context, "pool">, reviewer: Reviewer, id: string) {
  return withTransaction(pool, async (tx) => {
    const row = isUuid(id)
      ? await takeClaim(tx, reviewer.companyId, id, reviewer.keyId, CLAIM_TTL_MS)
      : undefined;
    if (!row) throw await refusal(tx, reviewer.companyId, id, reviewer.keyId);
    await recordActivity(tx, reviewer.companyId, actorOf(reviewer), {
      action: "session.claimed",
      target: id,
    });
    return { by: row.claimBy!, expiresAt: row.claimExpiresAt!.toISOString() };
  });
}

/** Releases the caller's claim; a master may release anyone's. */
export async function releaseClaim(
  { pool }: Pick<Context, "pool">,
  reviewer: Reviewer,
  id: string,
): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const released =
      isUuid(id) && (await dropClaim(tx, reviewer.companyId, id, reviewer.keyId, reviewer.isMaster));
    if (!released) {
      const [state] = isUuid(id) ? await selectClaimStates(tx, reviewer.companyId, [id]) : [];
      if (!state) throw notFound("session");
      if (!state.claimBy) return; // nothing to release: releasing is idempotent
      throw conflict("CLAIMED", `the claim is held by key ${state.claimBy}`);
    }
    await recordActivity(tx, reviewer.companyId, actorOf(reviewer), {
      action: "session.released",
      target: id,
    });
  });
}

export interface ResolveInput {
  outcome: "success" | "rejected";
  reason?: string;
  note?: string;
}

function checkResolution(input: ResolveInput): string[] {
  if (input.outcome === "rejected") {
    if (!input.reason) throw badRequest("VALIDATION_ERROR", "body/reason: a rejection needs a reason");
    if (!REJECTION_REASON_CODES.includes(input.reason as RejectionReason)) {
      throw badRequest(
        "VALIDATION_ERROR",
        `body/reason: "${input.reason}" is not a rejection reason (GET /v1/rejection-reasons lists them)`,
      );
    }
    return [input.reason];
  }
  if (input.reason !== undefined)
    throw badRequest("VALIDATION_ERROR", "body/reason: only a rejection takes a reason");
  return [];
}

export async function resolveSession(ctx: Context, reviewer: Reviewer, id: string, input: ResolveInput) {
  const reasons = checkResolution(input);
  const by = actorOf(reviewer);
  const resolved = isUuid(id)
    ? await applyResolution(
        ctx,
        reviewer.companyId,
        [id],
        { outcome: input.outcome, reasons, note: input.note ?? null, by },
        {
          actor: by,
          entry: () => ({
            action: "session.resolved",
            target: id,
            details: { outcome: input.outcome, reasons },
          }),
        },
      )
    : [];
  if (resolved.length === 0) throw await refusal(ctx.pool, reviewer.companyId, id, reviewer.keyId);
  return getSession(ctx, reviewer.companyId, id);
}

/** Resolves many sessions alike; each id answers 200 (resolved), 404 (unknown) or 409 (not awaiting, claimed). */
export async function resolveMany(ctx: Context, reviewer: Reviewer, ids: string[], input: ResolveInput) {
  const reasons = checkResolution(input);
  const by = actorOf(reviewer);
  const wellFormed = [...new Set(ids.filter(isUuid))];
  const resolved = new Set(
    await applyResolution(
      ctx,
      reviewer.companyId,
      wellFormed,
      { outcome: input.outcome, reasons, note: input.note ?? null, by },
      {
        actor: by,
        entry: (done) => ({
          action: "sessions.resolved",
          details: { outcome: input.outcome, reasons, ids: done },
        }),
      },
    ),
  );
  const known = new Set(
    (await selectClaimStates(ctx.pool, reviewer.companyId, wellFormed)).map((state) => state.id),
  );
  return ids.map((id) => ({ id, status: resolved.has(id) ? 200 : known.has(id) ? 409 : 404 }) as const);
}

export async function addNote({ pool }: Pick<Context, "pool">, reviewer: Reviewer, id: string, text: string) {
  return withTransaction(pool, async (tx) => {
    const note = isUuid(id) ? await insertNote(tx, reviewer.companyId, id, reviewer.keyId, text) : undefined;
    if (!note) throw notFound("session");
    await recordActivity(tx, reviewer.companyId, actorOf(reviewer), { action: "session.noted", target: id });
    return { at: note.at.toISOString(), text };
  });
}

/** Whether a parked session has waited longer than the company's SLA. */
export function isOverdue(session: SessionView, settings: Settings, now = Date.now()): boolean {
  if (session.status !== "awaiting_action" || !session.decision) return false;
  return Date.parse(session.decision.decidedAt) + settings.awaitingAction.slaHours * 3_600_000 < now;
}

/** Parked sessions, oldest first, each flagged `overdue` past the SLA. */
export async function listAwaiting(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
  page: PageRequest,
): Promise<Page<SessionView & { overdue: boolean }>> {
  const [settings, sessions] = await Promise.all([
    selectSettings(db, companyId),
    listSessions({ pool: db }, companyId, { status: "awaiting_action" }, { ...page, order: "oldest" }),
  ]);
  if (!settings) throw notFound("company");
  return {
    ...sessions,
    items: sessions.items.map((item) => ({ ...item, overdue: isOverdue(item, settings) })),
  };
}

export const awaitingCount = countAwaiting;
