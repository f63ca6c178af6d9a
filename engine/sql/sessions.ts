import type { SessionData } from "../../rules/index.js";
import type { Actor, SessionStatus } from "../kernel/model.js";
import { prepared, type Queryable } from "../platform/db.js";
import { MEDIA_COLUMN, type MediaEntry } from "./media.js";

export interface SessionRow {
  id: string;
  companyId: string;
  externalId: string;
  status: SessionStatus;
  data: SessionData | null;
  createdAt: Date;
  liquidatedAt: Date | null;
  outcome: string | null;
  reasons: string[] | null;
  ruleSetVersion: number | null;
  decidedByType: "engine" | "user" | "key" | "sla" | null;
  decidedById: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  decidedByName: string | null;
  claimBy: string | null;
  claimByName: string | null;
  claimByType: string | null;
  claimExpiresAt: Date | null;
  /** A pending four-eyes proposal. */
  proposal: Proposal | null;
  /** Who approved the proposal that decided the session. */
  approvedBy: Actor | null;
  attempt: number;
  previousAttemptId: string | null;
  nextAttemptId: string | null;
  media: MediaEntry[];
}

/** A first person's resolution of a parked session, waiting for a second person's approval. */
export interface Proposal {
  outcome: "success" | "rejected";
  reason: string | null;
  note: string | null;
  by: Actor;
  at: string;
  /** From the proposer's claim (or the parking) to the proposal: the proposer's handling time. */
  handlingMs: number;
}

export const SESSION_COLUMNS = `s.id, s.company_id AS "companyId", s.external_id AS "externalId", s.status, s.data,
  s.created_at AS "createdAt", s.liquidated_at AS "liquidatedAt", s.outcome, s.reasons,
  s.rule_set_version AS "ruleSetVersion", s.decided_by_type AS "decidedByType", s.decided_by_id AS "decidedById",
  s.decided_at AS "decidedAt", s.decision_note AS "decisionNote", s.decided_by_name AS "decidedByName",
  s.claim_by AS "claimBy", s.claim_by_name AS "claimByName", s.claim_by_type AS "claimByType", s.claim_expires_at AS "claimExpiresAt",
  s.proposal, s.approved_by AS "approvedBy", s.attempt, s.previous_attempt_id AS "previousAttemptId",
  s.next_attempt_id AS "nextAttemptId", ${MEDIA_COLUMN}`;

export interface NewSession {
  id: string;
  externalId: string;
  /** The data as canonical JSON (engine/kernel/canonical-json.ts): what its hash is of, and what is stored. */
  dataJson: string;
  dataHash: string;
  search: string;
  batchId: string;
}

/**
 * New sessions as one array a column, $2 to $7 of `insertSessions` and `insertAttempts`: ids,
 * externalIds, the data as one JSON array written around each session's JSON text, hashes, search
 * texts, batch ids.
 */
const newSessionColumns = (sessions: NewSession[]) => [
  sessions.map((s) => s.id),
  sessions.map((s) => s.externalId),
  `[${sessions.map((s) => s.dataJson).join(",")}]`,
  sessions.map((s) => s.dataHash),
  sessions.map((s) => s.search),
  sessions.map((s) => s.batchId),
];

/**
 * Inserts the sessions whose externalId is new for the company; answers those inserted. Each
 * column goes as one array, zipped by `ROWS FROM`; the data as one JSON array written around
 * each session's JSON text (made for its hash), which the `json` column stores as it is
 * (migration 009): no escaping here, no tree built in Postgres.
 */
export async function insertSessions(db: Queryable, companyId: string, sessions: NewSession[]) {
  const { rows } = await db.query<{ id: string }>(
    prepared(
      "insert-sessions",
      `WITH n AS (
       SELECT * FROM ROWS FROM (unnest($2::uuid[]), unnest($3::text[]), json_array_elements($4::json),
                                unnest($5::text[]), unnest($6::text[]), unnest($7::uuid[]))
         AS n(id, external_id, data, data_hash, search, batch_id)
     ), inserted AS (
       INSERT INTO sessions (id, company_id, external_id, data, data_hash, batch_id, status)
       SELECT id, $1, external_id, data, data_hash, batch_id, 'pending' FROM n
       ON CONFLICT (company_id, external_id, attempt) DO NOTHING
       RETURNING id
     ), searchable AS (
       INSERT INTO session_search (session_id, company_id, search)
       SELECT n.id, $1, n.search FROM n JOIN inserted USING (id) WHERE n.search <> ''
     )
     SELECT id FROM inserted`,
      [companyId, ...newSessionColumns(sessions)],
    ),
  );
  return new Set(rows.map((row) => row.id));
}

/** A resubmission: the next attempt of the session `previousId`, whose status asks for it. */
export interface NewAttempt extends NewSession {
  previousId: string;
  attempt: number;
}

/**
 * Inserts each resubmission as the next attempt of its externalId and links the previous attempt
 * to it, in one statement; the previous attempt's row is locked and must still be
 * `resubmission_requested` with no next attempt, so of racing resubmissions one is taken.
 * Answers the ids inserted.
 */
export async function insertAttempts(db: Queryable, companyId: string, sessions: NewAttempt[]) {
  const { rows } = await db.query<{ id: string }>(
    `WITH n AS (
       SELECT * FROM ROWS FROM (unnest($2::uuid[]), unnest($3::text[]), json_array_elements($4::json),
                                unnest($5::text[]), unnest($6::text[]), unnest($7::uuid[]), unnest($8::uuid[]),
                                unnest($9::int[]))
         AS n(id, external_id, data, data_hash, search, batch_id, previous_id, attempt)
     ), linked AS (
       UPDATE sessions p SET next_attempt_id = n.id
         FROM n
        WHERE p.id = n.previous_id AND p.company_id = $1 AND p.status = 'resubmission_requested'
          AND p.next_attempt_id IS NULL
       RETURNING n.id
     ), inserted AS (
       INSERT INTO sessions (id, company_id, external_id, data, data_hash, batch_id, status, attempt, previous_attempt_id)
       SELECT n.id, $1, n.external_id, n.data, n.data_hash, n.batch_id, 'pending', n.attempt, n.previous_id
         FROM n JOIN linked USING (id)
       RETURNING id
     ), searchable AS (
       INSERT INTO session_search (session_id, company_id, search)
       SELECT n.id, $1, n.search FROM n JOIN inserted USING (id) WHERE n.search <> ''
     )
     SELECT id FROM inserted`,
    [
      companyId,
      ...newSessionColumns(sessions),
      sessions.map((s) => s.previousId),
      sessions.map((s) => s.attempt),
    ],
  );
  return new Set(rows.map((row) => row.id));
}

export interface ExistingSession {
  id: string;
  externalId: string;
  dataHash: string | null;
  status: SessionStatus;
  attempt: number;
  nextAttemptId: string | null;
}

/** The latest attempt of each of the company's `externalIds` that names a session. */
export async function selectByExternalIds(db: Queryable, companyId: string, externalIds: string[]) {
  const { rows } = await db.query<ExistingSession>(
    prepared(
      "sessions-by-external-ids",
      `SELECT DISTINCT ON (external_id) id, external_id AS "externalId", data_hash AS "dataHash", status,
              attempt, next_attempt_id AS "nextAttemptId"
         FROM sessions WHERE company_id = $1 AND external_id = ANY($2::text[])
        ORDER BY external_id, attempt DESC`,
      [companyId, externalIds],
    ),
  );
  return rows;
}

/**
 * Deciding finds a batch's rows by primary key alone: the company and the status are checked on
 * each row found, written as `(…) IS TRUE` so that no index can serve them. Written plainly, the
 * planner takes `company_id = $1 AND status = 'pending'` for a handful of rows whenever the
 * statistics do not know the company (a table never analyzed, a new company's first flood), and
 * then reads the company's whole backlog through (company_id, status) for every batch: a cost
 * that grows with the backlog, about 50 µs a session at 30,000 pending.
 */
export async function selectPending(db: Queryable, companyId: string, ids: string[]) {
  const { rows } = await db.query<{ id: string; data: SessionData; createdAt: Date }>(
    prepared(
      "pending-sessions",
      `SELECT id, data, created_at AS "createdAt" FROM sessions
        WHERE id = ANY($2::uuid[]) AND (company_id = $1) IS TRUE AND (status = 'pending') IS TRUE`,
      [companyId, ids],
    ),
  );
  return rows;
}

export interface EngineDecision {
  id: string;
  status: SessionStatus;
  reasons: string[];
}

export interface DecidedRow {
  id: string;
  externalId: string;
  status: SessionStatus;
  reasons: string[];
  createdAt: Date;
  decidedAt: Date;
}

/**
 * Records the engine's decisions of still-pending sessions; it finds the rows by primary key
 * alone, as `selectPending` does. A session already decided is left alone, so a retried batch
 * decides nothing twice. The decision is its own history entry while it stands (the row holds
 * it); a resolution writes it to `session_events` before replacing it. The counts go separately
 * (`countEngineDecisions`), last in the transaction.
 */
export async function recordEngineDecisions(
  db: Queryable,
  companyId: string,
  ruleSetVersion: number,
  decisions: EngineDecision[],
): Promise<DecidedRow[]> {
  const { rows } = await db.query<DecidedRow>(
    prepared(
      "record-engine-decisions",
      `UPDATE sessions s
          SET status = d.status, outcome = d.status, reasons = d.reasons, rule_set_version = $3,
              decided_by_type = 'engine', decided_by_id = NULL, decided_at = clock_timestamp()
         FROM jsonb_to_recordset($2::jsonb) AS d(id uuid, status text, reasons jsonb)
        WHERE s.id = d.id AND (s.company_id = $1) IS TRUE AND (s.status = 'pending') IS TRUE -- see selectPending
       RETURNING s.id, s.external_id AS "externalId", s.status, s.reasons, s.created_at AS "createdAt",
                 s.decided_at AS "decidedAt"`,
      [companyId, JSON.stringify(decisions), ruleSetVersion],
    ),
  );
  return rows;
}

/**
 * Adds decided sessions to the company's awaiting count and daily rollups (reasons, latency
 * buckets). These are a few rows every decision of the company updates, so each transaction
 * holds their locks from here to its commit: callers make it their last statement.
 */
export async function countEngineDecisions(db: Queryable, companyId: string, decided: DecidedRow[]) {
  if (decided.length === 0) return;
  await db.query(
    prepared(
      "count-engine-decisions",
      `WITH decided AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS d(status text, reasons jsonb, "createdAt" timestamptz, "decidedAt" timestamptz)
     ), parked AS (
       INSERT INTO awaiting_counts (company_id, count)
       SELECT $1, count(*) FROM decided WHERE status = 'awaiting_action' HAVING count(*) > 0
       ON CONFLICT (company_id) DO UPDATE SET count = awaiting_counts.count + EXCLUDED.count
     )
     INSERT INTO decision_stats (company_id, day, kind, key, count)
     SELECT $1, day, kind, key, count(*) FROM (
       SELECT ("decidedAt" AT TIME ZONE 'UTC')::date AS day, 'reason' AS kind, reason AS key
         FROM decided, jsonb_array_elements_text(decided.reasons) AS reason
       UNION ALL
       SELECT ("decidedAt" AT TIME ZONE 'UTC')::date, 'latency',
              verdict_latency_bucket(extract(epoch FROM "decidedAt" - "createdAt") * 1000)::text
         FROM decided
     ) s
     GROUP BY day, kind, key ORDER BY day, kind, key
     ON CONFLICT (company_id, day, kind, key) DO UPDATE SET count = decision_stats.count + EXCLUDED.count`,
      [companyId, JSON.stringify(decided)],
    ),
  );
}

export async function selectSession(db: Queryable, companyId: string, id: string) {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.company_id = $1 AND s.id = $2`,
    [companyId, id],
  );
  return rows[0];
}

export interface SessionEventRow {
  at: Date;
  type: string;
  actorType: string;
  actorName: string | null;
  actorId: string | null;
  details: Record<string, unknown>;
}

export async function selectSessionEvents(db: Queryable, sessionId: string) {
  const { rows } = await db.query<SessionEventRow>(
    `SELECT at, type, actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName", details
       FROM session_events WHERE session_id = $1 ORDER BY at, id`,
    [sessionId],
  );
  return rows;
}

export interface SessionFilter {
  status?: SessionStatus;
  /** Lower-cased text that externalId, names, document or personal number contain. */
  q?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Parked sessions carrying this reason. */
  reason?: string;
  /** false: sessions no one holds an unexpired claim on; true: those someone does. */
  claimed?: boolean;
  /** Parked before this instant (overdue: parked longer than the SLA). */
  parkedBefore?: Date;
}

/**
 * The WHERE of a list or export of a company's sessions (`s`), its parameters $1 to $8 given by
 * `sessionFilterParams`; a caller's own parameters start at $9.
 */
export const SESSION_FILTER_WHERE = `WHERE s.company_id = $1
        AND ($2::text IS NULL OR s.status = $2)
        AND ($3::text IS NULL OR s.id IN (
              SELECT session_id FROM session_search WHERE company_id = $1 AND search LIKE '%' || $3 || '%'))
        AND ($4::timestamptz IS NULL OR s.created_at >= $4)
        AND ($5::timestamptz IS NULL OR s.created_at < $5)
        AND ($6::text IS NULL OR s.reasons ? $6)
        AND ($7::boolean IS NULL OR $7 = (s.claim_by IS NOT NULL AND s.claim_expires_at > clock_timestamp()))
        AND ($8::timestamptz IS NULL OR s.decided_at < $8)`;

export const sessionFilterParams = (companyId: string, filter: SessionFilter) => [
  companyId,
  filter.status ?? null,
  filter.q === undefined ? null : escapeLike(filter.q),
  filter.from ?? null,
  filter.to ?? null,
  filter.reason ?? null,
  filter.claimed ?? null,
  filter.parkedBefore ?? null,
];

export interface ListPosition {
  createdAt: Date;
  id: string;
}

/** One page of a company's sessions, newest first or oldest first, after `position`. */
export async function selectSessionPage(
  db: Queryable,
  companyId: string,
  filter: SessionFilter,
  order: "newest" | "oldest",
  after: ListPosition | undefined,
  limit: number,
) {
  const newest = order === "newest";
  const { rows } = await db.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions s
      ${SESSION_FILTER_WHERE}
        AND ($9::timestamptz IS NULL OR (s.created_at, s.id) ${newest ? "<" : ">"} ($9, $10::uuid))
      ORDER BY s.created_at ${newest ? "DESC" : "ASC"}, s.id ${newest ? "DESC" : "ASC"}
      LIMIT $11`,
    [...sessionFilterParams(companyId, filter), after?.createdAt ?? null, after?.id ?? null, limit],
  );
  return rows;
}

/** `text` as a LIKE pattern that matches it literally (`%`, `_` and `\` escaped). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface StaleBatch {
  companyId: string;
  batchId: string;
  sessionIds: string[];
}

/** Pending sessions created before `before`, grouped by the decide job that should carry them. */
export async function selectStalePendingBatches(db: Queryable, before: Date, limit: number) {
  const { rows } = await db.query<StaleBatch>(
    `SELECT company_id AS "companyId", batch_id AS "batchId", array_agg(id)::text[] AS "sessionIds"
       FROM (SELECT id, company_id, batch_id FROM sessions
              WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2) p
      GROUP BY company_id, batch_id`,
    [before, limit],
  );
  return rows;
}

/** Moves the still-pending sessions among `sessionIds` to a new batch; answers their ids. */
export async function updateBatchId(db: Queryable, sessionIds: string[], batchId: string) {
  const { rows } = await db.query<{ id: string }>(
    "UPDATE sessions SET batch_id = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending' RETURNING id",
    [sessionIds, batchId],
  );
  return rows.map((row) => row.id);
}

export async function selectSessions(db: Queryable, companyId: string, ids: string[]) {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.company_id = $1 AND s.id = ANY($2::uuid[])`,
    [companyId, ids],
  );
  return rows;
}
