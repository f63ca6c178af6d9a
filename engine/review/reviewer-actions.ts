import { recordActivity } from "../audit/activity.js";
import { badRequest, conflict, DomainError, notFound } from "../kernel/errors.js";
import { isUuid } from "../kernel/ids.js";
import { type Actor, type CompanyActor, describeActor, type Settings } from "../kernel/model.js";
import type { Page, PageRequest } from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { getSession, listSessions, type SessionFilter, type SessionView } from "../sessions/read-model.js";
import { selectSettings } from "../sql/companies.js";
import {
  claimNext,
  countAwaiting,
  deleteProposal,
  dropClaim,
  insertNote,
  insertProposals,
  type Resolution,
  type ReviewState,
  selectReviewStates,
  takeClaim,
} from "../sql/review.js";
import { REJECTION_REASON_CODES, type RejectionReason } from "./rejection-reasons.js";
import { applyResolution } from "./resolution.js";

export const CLAIM_TTL_MS = 15 * 60 * 1000;

/** A reviewer acting through their key, or signed in as a user. */
export interface Reviewer {
  companyId: string;
  actor: CompanyActor;
  isMaster: boolean;
}

const person = (reviewer: Reviewer) => reviewer.actor;
const heldBy = (state: ReviewState) =>
  describeActor({ type: state.claimByType ?? "user", id: state.claimBy, name: state.claimByName });

/** Why a session could not be claimed, resolved or approved: 404, or 409 naming the reason. */
function refusal(
  state: ReviewState | undefined,
  reviewer: Reviewer,
  action: "resolve" | "approve" | "claim",
) {
  if (!state) return notFound("session");
  if (state.status !== "awaiting_action")
    return conflict("NOT_AWAITING_ACTION", `the session is ${state.status}, not awaiting action`);
  if (state.claimBy && state.claimBy !== reviewer.actor.id)
    return conflict("CLAIMED", `the session is claimed by ${heldBy(state)}`);
  if (action === "resolve" && state.proposal) {
    return conflict(
      "PROPOSAL_PENDING",
      `the session has a proposal by ${describeActor(state.proposal.by)} waiting for approval: approve or decline it first`,
    );
  }
  if (action === "approve") {
    if (!state.proposal) return conflict("NO_PROPOSAL", "the session has no proposal to approve or decline");
    if (state.proposal.by.id === reviewer.actor.id) {
      return new DomainError(
        403,
        "SELF_APPROVAL",
        "a proposal needs another person's approval than its proposer's",
      );
    }
  }
  return conflict("CONFLICT", "the session changed meanwhile; try again");
}

async function stateOf(db: Queryable, companyId: string, id: string) {
  const [state] = isUuid(id) ? await selectReviewStates(db, companyId, [id]) : [];
  return state;
}

export async function claimSession({ pool }: Pick<Context, "pool">, reviewer: Reviewer, id: string) {
  return withTransaction(pool, async (tx) => {
    const row = isUuid(id)
      ? await takeClaim(tx, reviewer.companyId, id, reviewer.actor, CLAIM_TTL_MS)
      : undefined;
    if (!row) throw refusal(await stateOf(tx, reviewer.companyId, id), reviewer, "claim");
    await recordActivity(tx, reviewer.companyId, reviewer.actor, { action: "session.claimed", target: id });
    return { by: person(reviewer), expiresAt: row.claimExpiresAt!.toISOString() };
  });
}

/**
 * `POST /v1/awaiting-action/next`: claims the oldest parked session no one holds (with `reason`,
 * when given) and answers it with its history; undefined when there is none.
 */
export async function claimNextSession(
  ctx: Pick<Context, "pool">,
  reviewer: Reviewer,
  reason: string | undefined,
) {
  const claimed = await withTransaction(ctx.pool, async (tx) => {
    const row = await claimNext(tx, reviewer.companyId, reviewer.actor, CLAIM_TTL_MS, reason);
    if (row) {
      await recordActivity(tx, reviewer.companyId, reviewer.actor, {
        action: "session.claimed",
        target: row.id,
        details: { next: true },
      });
    }
    return row;
  });
  return claimed && getSession(ctx, reviewer.companyId, claimed.id);
}

/** Releases the caller's claim; a master may release anyone's. */
export async function releaseClaim(
  { pool }: Pick<Context, "pool">,
  reviewer: Reviewer,
  id: string,
): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const released =
      isUuid(id) && (await dropClaim(tx, reviewer.companyId, id, reviewer.actor, reviewer.isMaster));
    if (!released) {
      const state = await stateOf(tx, reviewer.companyId, id);
      if (!state) throw notFound("session");
      if (!state.claimBy) return; // nothing to release: releasing is idempotent
      throw conflict(
        "CLAIMED",
        `the claim is held by ${heldBy(state)}; only they or a master may release it`,
      );
    }
    await recordActivity(tx, reviewer.companyId, reviewer.actor, { action: "session.released", target: id });
  });
}

export interface ResolveInput {
  outcome: "success" | "rejected";
  reason?: string;
  note?: string;
}

function checkReason(reason: string | undefined, what: string): RejectionReason {
  if (!reason) throw badRequest("VALIDATION_ERROR", `body/reason: ${what} needs a reason`);
  if (!REJECTION_REASON_CODES.includes(reason as RejectionReason)) {
    throw badRequest(
      "VALIDATION_ERROR",
      `body/reason: "${reason}" is not a rejection reason; GET /v1/rejection-reasons lists them (${REJECTION_REASON_CODES.join(", ")})`,
    );
  }
  return reason as RejectionReason;
}

function checkResolution(input: ResolveInput): string[] {
  if (input.outcome === "rejected") return [checkReason(input.reason, "a rejection")];
  if (input.reason !== undefined)
    throw badRequest("VALIDATION_ERROR", "body/reason: only a rejection takes a reason");
  return [];
}

/** Whether the company's four-eyes rule asks a second person to approve `outcome` for a session with `reasons`. */
export function needsSecondPerson(settings: Settings, outcome: string, reasons: readonly string[]): boolean {
  const rule = settings.review.fourEyes;
  if (!rule?.outcomes.includes(outcome as "success" | "rejected")) return false;
  return rule.reasons.length === 0 || reasons.some((reason) => rule.reasons.includes(reason));
}

export type ResolveAnswer = { status: 200 | 202; session: Awaited<ReturnType<typeof getSession>> };

/**
 * Resolves a parked session (200), or, where the company's four-eyes rule asks for a second
 * person, records the resolution as a proposal (202, the session still awaiting action).
 */
export async function resolveSession(
  ctx: Context,
  reviewer: Reviewer,
  id: string,
  input: ResolveInput,
): Promise<ResolveAnswer> {
  const reasons = checkResolution(input);
  const [settings, state] = await Promise.all([
    selectSettings(ctx.pool, reviewer.companyId),
    stateOf(ctx.pool, reviewer.companyId, id),
  ]);
  if (!settings || !state) throw notFound("session");
  if (needsSecondPerson(settings, input.outcome, state.reasons ?? [])) {
    const proposed = await propose(ctx, reviewer, [id], input);
    if (proposed.length === 0)
      throw refusal(await stateOf(ctx.pool, reviewer.companyId, id), reviewer, "resolve");
    return { status: 202, session: await getSession(ctx, reviewer.companyId, id) };
  }
  const resolved = await resolveAs(ctx, reviewer, [id], {
    status: input.outcome,
    reasons,
    note: input.note ?? null,
  });
  if (resolved.length === 0)
    throw refusal(await stateOf(ctx.pool, reviewer.companyId, id), reviewer, "resolve");
  return { status: 200, session: await getSession(ctx, reviewer.companyId, id) };
}

/** A person's own resolution of `ids`, with its activity entry. */
function resolveAs(
  ctx: Context,
  reviewer: Reviewer,
  ids: string[],
  resolution: Omit<Resolution, "by">,
): Promise<string[]> {
  const by = person(reviewer);
  return applyResolution(
    ctx,
    reviewer.companyId,
    ids,
    { ...resolution, by },
    { kind: "direct" },
    {
      actor: by,
      entry: (done) =>
        done.length === 1 && ids.length === 1
          ? {
              action: "session.resolved",
              target: done[0],
              details: { outcome: resolution.status, reasons: resolution.reasons },
            }
          : {
              action: "sessions.resolved",
              details: { outcome: resolution.status, reasons: resolution.reasons, ids: done },
            },
    },
  );
}

/** Records the reviewer's resolution of `ids` as four-eyes proposals; answers those taken. */
async function propose(ctx: Pick<Context, "pool">, reviewer: Reviewer, ids: string[], input: ResolveInput) {
  return withTransaction(ctx.pool, async (tx) => {
    const proposed = await insertProposals(tx, reviewer.companyId, ids, {
      outcome: input.outcome,
      reason: input.reason ?? null,
      note: input.note ?? null,
      by: person(reviewer),
    });
    if (proposed.length > 0) {
      await recordActivity(tx, reviewer.companyId, reviewer.actor, {
        action: "session.proposed",
        ...(proposed.length === 1 ? { target: proposed[0] } : {}),
        details: { outcome: input.outcome, ...(input.reason ? { reason: input.reason } : {}), ids: proposed },
      });
    }
    return proposed;
  });
}

/**
 * Resolves many sessions alike; each id answers 200 (resolved), 202 (a four-eyes proposal now
 * waits for a second person), 404 (unknown) or 409 (not awaiting action, claimed by another, or a
 * proposal pending).
 */
export async function resolveMany(ctx: Context, reviewer: Reviewer, ids: string[], input: ResolveInput) {
  const reasons = checkResolution(input);
  const wellFormed = [...new Set(ids.filter(isUuid))];
  const [settings, states] = await Promise.all([
    selectSettings(ctx.pool, reviewer.companyId),
    selectReviewStates(ctx.pool, reviewer.companyId, wellFormed),
  ]);
  if (!settings) throw notFound("company");
  const secondPerson = states.filter((state) =>
    needsSecondPerson(settings, input.outcome, state.reasons ?? []),
  );
  const rest = states.filter((state) => !secondPerson.includes(state));
  const proposed = new Set(
    await propose(
      ctx,
      reviewer,
      secondPerson.map((state) => state.id),
      input,
    ),
  );
  const resolved = new Set(
    await resolveAs(
      ctx,
      reviewer,
      rest.map((state) => state.id),
      { status: input.outcome, reasons, note: input.note ?? null },
    ),
  );
  const known = new Set(states.map((state) => state.id));
  return ids.map(
    (id) =>
      ({ id, status: resolved.has(id) ? 200 : proposed.has(id) ? 202 : known.has(id) ? 409 : 404 }) as const,
  );
}

/**
 * Approves the session's pending four-eyes proposal: another person than its proposer makes it
 * the decision (`decidedBy` the proposer, `approvedBy` the approver). Of racing approvals and
 * declines exactly one wins.
 */
export async function approveProposal(ctx: Context, reviewer: Reviewer, id: string) {
  const state = await stateOf(ctx.pool, reviewer.companyId, id);
  const proposal = state?.proposal as
    | { outcome: "success" | "rejected"; reason: string | null; note: string | null; by: Actor }
    | null
    | undefined;
  if (!state || !proposal) throw refusal(state, reviewer, "approve");
  if (proposal.by.id === reviewer.actor.id) throw refusal(state, reviewer, "approve");
  const approver = person(reviewer);
  const resolved = await applyResolution(
    ctx,
    reviewer.companyId,
    [id],
    {
      status: proposal.outcome,
      reasons: proposal.reason ? [proposal.reason] : [],
      note: proposal.note,
      by: { ...proposal.by, type: proposal.by.type === "key" ? "key" : "user" },
    },
    { kind: "approval", approver },
    {
      actor: approver,
      entry: () => ({
        action: "session.proposal_approved",
        target: id,
        details: { outcome: proposal.outcome, proposedBy: proposal.by },
      }),
    },
  );
  if (resolved.length === 0)
    throw refusal(await stateOf(ctx.pool, reviewer.companyId, id), reviewer, "approve");
  return getSession(ctx, reviewer.companyId, id);
}

/** Withdraws the session's pending proposal (the proposer or anyone else may), with a note. */
export async function declineProposal(
  ctx: Pick<Context, "pool">,
  reviewer: Reviewer,
  id: string,
  note: string | undefined,
) {
  await withTransaction(ctx.pool, async (tx) => {
    const declined =
      isUuid(id) && (await deleteProposal(tx, reviewer.companyId, id, reviewer.actor, note ?? null));
    if (!declined) {
      const state = await stateOf(tx, reviewer.companyId, id);
      if (!state) throw notFound("session");
      if (state.status !== "awaiting_action")
        throw conflict("NOT_AWAITING_ACTION", `the session is ${state.status}, not awaiting action`);
      throw conflict("NO_PROPOSAL", "the session has no proposal to approve or decline");
    }
    await recordActivity(tx, reviewer.companyId, reviewer.actor, {
      action: "session.proposal_declined",
      target: id,
    });
  });
  return getSession(ctx, reviewer.companyId, id);
}

/**
 * Asks the customer to try again: the parked session becomes `resubmission_requested` (final for
 * this attempt), with a reason from the rejection reasons; the integrator's next submission of the
 * same externalId with new data is its next attempt.
 */
export async function requestResubmission(
  ctx: Context,
  reviewer: Reviewer,
  id: string,
  input: { reason?: string; note?: string },
) {
  const reason = checkReason(input.reason, "a resubmission request");
  const by = person(reviewer);
  const resolved = isUuid(id)
    ? await applyResolution(
        ctx,
        reviewer.companyId,
        [id],
        { status: "resubmission_requested", reasons: [reason], note: input.note ?? null, by },
        { kind: "direct" },
        {
          actor: by,
          entry: () => ({ action: "session.resubmission_requested", target: id, details: { reason } }),
        },
      )
    : [];
  if (resolved.length === 0)
    throw refusal(await stateOf(ctx.pool, reviewer.companyId, id), reviewer, "resolve");
  return getSession(ctx, reviewer.companyId, id);
}

export async function addNote({ pool }: Pick<Context, "pool">, reviewer: Reviewer, id: string, text: string) {
  return withTransaction(pool, async (tx) => {
    const note = isUuid(id) ? await insertNote(tx, reviewer.companyId, id, reviewer.actor, text) : undefined;
    if (!note) throw notFound("session");
    await recordActivity(tx, reviewer.companyId, reviewer.actor, { action: "session.noted", target: id });
    return { at: note.at.toISOString(), text, by: person(reviewer) };
  });
}

/** Whether a parked session has waited longer than the company's SLA. */
export function isOverdue(session: SessionView, settings: Settings, now = Date.now()): boolean {
  if (session.status !== "awaiting_action" || !session.decision) return false;
  return Date.parse(session.decision.decidedAt) + settings.awaitingAction.slaHours * 3_600_000 < now;
}

/** What the awaiting-action list can be narrowed by. */
export interface AwaitingFilter {
  reason?: string;
  claimed?: boolean;
  overdue?: boolean;
  q?: string;
}

/** The session filter of an awaiting-action list: its status, and `overdue` as a parking time. */
export function awaitingFilter(filter: AwaitingFilter, settings: Settings, now = Date.now()): SessionFilter {
  const slaMs = settings.awaitingAction.slaHours * 3_600_000;
  return {
    status: "awaiting_action",
    reason: filter.reason,
    claimed: filter.claimed,
    q: filter.q,
    ...(filter.overdue === true ? { parkedBefore: new Date(now - slaMs) } : {}),
  };
}

/** Parked sessions, oldest first, each flagged `overdue` past the SLA. */
export async function listAwaiting(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
  filter: AwaitingFilter,
  page: PageRequest,
): Promise<Page<SessionView & { overdue: boolean }>> {
  const settings = await selectSettings(db, companyId);
  if (!settings) throw notFound("company");
  if (filter.overdue === false) {
    throw badRequest("VALIDATION_ERROR", "querystring/overdue: only overdue=true narrows the list");
  }
  const sessions = await listSessions({ pool: db }, companyId, awaitingFilter(filter, settings), {
    ...page,
    order: "oldest",
  });
  return {
    ...sessions,
    items: sessions.items.map((item) => ({ ...item, overdue: isOverdue(item, settings) })),
  };
}

export const awaitingCount = countAwaiting;
