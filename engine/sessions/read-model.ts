import type { SessionData } from "../../rules/index.js";
import { badRequest, notFound } from "../kernel/errors.js";
import { isUuid } from "../kernel/ids.js";
import type { SessionStatus } from "../kernel/model.js";
import {
  afterCreation,
  creationCursor,
  type Page,
  type PageRequest,
  readPage,
} from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import type { MediaEntry } from "../sql/media.js";
import {
  type Proposal,
  type SessionFilter,
  type SessionRow,
  selectSession,
  selectSessionEvents,
  selectSessionPage,
} from "../sql/sessions.js";

export type { SessionFilter };

/** An actor as sessions show it: its kind, and for a person its id and name. */
export interface ActorView {
  type: string;
  id?: string;
  name?: string;
}

/** `{ type, id?, name? }` without the parts that are missing. */
export function actorView(type: string, id?: string | null, name?: string | null): ActorView {
  return { type, ...(id ? { id } : {}), ...(name ? { name } : {}) };
}

export interface DecisionView {
  outcome: string;
  reasons: string[];
  ruleSetVersion: number | null;
  decidedBy: ActorView & { type: "engine" | "user" | "key" | "sla" };
  decidedAt: string;
  note?: string;
  /** The second person, when the decision was a four-eyes proposal they approved. */
  approvedBy?: ActorView;
}

export interface SessionView {
  id: string;
  externalId: string;
  status: SessionStatus;
  data: SessionData | null;
  createdAt: string;
  liquidatedAt: string | null;
  decision: DecisionView | null;
  claim: { by: ActorView; expiresAt: string } | null;
  proposal: Proposal | null;
  attempt: number;
  previousAttemptId: string | null;
  nextAttemptId: string | null;
  media: MediaEntry[];
}

export interface HistoryEntry {
  at: string;
  type: string;
  actor: ActorView;
  details: Record<string, unknown>;
}

export function toSessionView(row: SessionRow, now = new Date()): SessionView {
  const decision: DecisionView | null =
    row.decidedAt && row.outcome && row.decidedByType
      ? {
          outcome: row.outcome,
          reasons: row.reasons ?? [],
          ruleSetVersion: row.ruleSetVersion,
          decidedBy: {
            ...actorView(row.decidedByType, row.decidedById, row.decidedByName),
            type: row.decidedByType,
          },
          decidedAt: row.decidedAt.toISOString(),
          ...(row.decisionNote ? { note: row.decisionNote } : {}),
          ...(row.approvedBy ? { approvedBy: row.approvedBy } : {}),
        }
      : null;
  const claimed = row.claimBy && row.claimExpiresAt && row.claimExpiresAt > now;
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
    liquidatedAt: row.liquidatedAt?.toISOString() ?? null,
    decision,
    claim: claimed
      ? {
          by: actorView(row.claimByType ?? "user", row.claimBy, row.claimByName),
          expiresAt: row.claimExpiresAt!.toISOString(),
        }
      : null,
    proposal: row.proposal,
    attempt: row.attempt,
    previousAttemptId: row.previousAttemptId,
    nextAttemptId: row.nextAttemptId,
    media: row.media,
  };
}

/** One session of the company with its history, oldest entry first. */
export async function getSession({ pool: db }: Pick<Context, "pool">, companyId: string, id: string) {
  const row = isUuid(id) ? await selectSession(db, companyId, id) : undefined;
  if (!row) throw notFound("session");
  const events = await selectSessionEvents(db, row.id);
  const history: HistoryEntry[] = [
    { at: row.createdAt.toISOString(), type: "submitted", actor: { type: "integrator" }, details: {} },
    ...events.map((event) => ({
      at: event.at.toISOString(),
      type: event.type,
      actor: actorView(event.actorType, event.actorId, event.actorName),
      details: event.details,
    })),
  ];
  // The engine's decision is kept on the row while it stands (a resolution moves it to the events).
  if (row.decidedByType === "engine" && row.decidedAt) {
    history.push({
      at: row.decidedAt.toISOString(),
      type: "decided",
      actor: { type: "engine" },
      details: { outcome: row.outcome, reasons: row.reasons ?? [], ruleSetVersion: row.ruleSetVersion },
    });
  }
  history.sort((a, b) => a.at.localeCompare(b.at)); // stable: equal times keep their order
  return { ...toSessionView(row), history };
}

const SESSION_CURSOR = creationCursor<SessionRow>("sessions");

/** One page of the company's sessions, matching `filter`, in `order` of creation. */
export async function listSessions(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
  filter: SessionFilter,
  page: PageRequest & { order?: "newest" | "oldest" },
): Promise<Page<SessionView>> {
  const found = await readPage(SESSION_CURSOR, page, (after, limit) =>
    selectSessionPage(db, companyId, filter, page.order ?? "newest", afterCreation(after), limit),
  );
  return { ...found, items: found.items.map((row) => toSessionView(row)) };
}

/**
 * `from`/`to` of a list: an ISO date-time, or a date (`to` then includes that whole day). `at`
 * names where they came from, for the error message.
 */
export function parseRange(
  from?: string,
  to?: string,
  at = "querystring",
): Pick<SessionFilter, "from" | "to"> {
  const range: Pick<SessionFilter, "from" | "to"> = {};
  if (from !== undefined) range.from = parseInstant(`${at}/from`, from, { endOfDay: false });
  if (to !== undefined) range.to = parseInstant(`${at}/to`, to, { endOfDay: true });
  if (range.from && range.to && range.from >= range.to) {
    throw badRequest("VALIDATION_ERROR", `${at}/from: must be before to`);
  }
  return range;
}

function parseInstant(name: string, value: string, { endOfDay }: { endOfDay: boolean }): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const instant = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(instant.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw badRequest("VALIDATION_ERROR", `${name}: must be a date (YYYY-MM-DD) or an ISO date-time`);
  }
  if (dateOnly && endOfDay) instant.setUTCDate(instant.getUTCDate() + 1);
  return instant;
}
