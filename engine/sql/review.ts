import type { Actor } from "../kernel/model.js";
import type { Queryable } from "../platform/db.js";
import { SESSION_COLUMNS, type SessionRow } from "./sessions.js";

/**
 * `SET` of a claim for `$3` (id), `$4` (name), `$6` (actor type: key or user) until `$5` ms from
 * now; a claim extended keeps its start.
 */
const TAKE_CLAIM = `claim_by = $3, claim_by_name = $4, claim_by_type = $6,
  claimed_at = CASE WHEN s.claim_by = $3 AND s.claim_expires_at > clock_timestamp() THEN s.claimed_at
                    ELSE clock_timestamp() END,
  claim_expires_at = clock_timestamp() + make_interval(secs => $5::float8 / 1000)`;

/** History of the claims in `claimed`, by `$3`/`$4`/`$6`. */
const CLAIM_HISTORY = `INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, actor_name, details)
  SELECT id, $1, 'claimed', $6, $3, $4, jsonb_build_object('expiresAt', claim_expires_at) FROM claimed`;

/** Free of another's unexpired claim, for the actor `$n`. */
const unclaimedFor = (param: string) =>
  `(s.claim_by IS NULL OR s.claim_expires_at <= clock_timestamp() OR s.claim_by = ${param})`;

/**
 * Claims an awaiting session for `actor` until `ttlMs` from now, when it is unclaimed, its claim
 * expired, or the actor holds it already (which extends it). Answers the session, or nothing when
 * the claim was not taken.
 */
export async function takeClaim(db: Queryable, companyId: string, id: string, actor: Actor, ttlMs: number) {
  const { rows } = await db.query<SessionRow>(
    `WITH claimed AS (
       UPDATE sessions s SET ${TAKE_CLAIM}
        WHERE s.company_id = $1 AND s.id = $2 AND s.status = 'awaiting_action' AND ${unclaimedFor("$3")}
       RETURNING s.*
     ), history AS (${CLAIM_HISTORY})
     SELECT ${SESSION_COLUMNS} FROM claimed s`,
    [companyId, id, actor.id, actor.name ?? null, ttlMs, actor.type],
  );
  return rows[0];
}

/**
 * Claims the oldest parked session of the company (with `reason`, when given) that no one holds
 * and whose pending proposal, if any, is not the actor's own, in one statement: rows another
 * request is claiming are skipped (`SKIP LOCKED`), so reviewers asking at once get different
 * sessions. Answers it, or nothing when there is none.
 */
export async function claimNext(
  db: Queryable,
  companyId: string,
  actor: Actor,
  ttlMs: number,
  reason: string | undefined,
) {
  const { rows } = await db.query<SessionRow>(
    `WITH next AS (
       SELECT s.id FROM sessions s
        WHERE s.company_id = $1 AND s.status = 'awaiting_action'
          AND (s.claim_by IS NULL OR s.claim_expires_at <= clock_timestamp())
          AND ($2::text IS NULL OR s.reasons ? $2)
          AND (s.proposal IS NULL OR s.proposal->'by'->>'id' IS DISTINCT FROM $3)
        ORDER BY s.created_at, s.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE sessions s SET ${TAKE_CLAIM} FROM next WHERE s.id = next.id RETURNING s.*
     ), history AS (${CLAIM_HISTORY})
     SELECT ${SESSION_COLUMNS} FROM claimed s`,
    [companyId, reason ?? null, actor.id, actor.name ?? null, ttlMs, actor.type],
  );
  return rows[0];
}

/** Releases the claim `actor` holds (or any claim, when `anyHolder`); answers whether it did. */
export async function dropClaim(
  db: Queryable,
  companyId: string,
  id: string,
  actor: Actor,
  anyHolder: boolean,
) {
  const { rowCount } = await db.query(
    `WITH released AS (
       UPDATE sessions s SET claim_by = NULL, claim_by_name = NULL, claim_by_type = NULL, claimed_at = NULL,
                             claim_expires_at = NULL
         FROM (SELECT id, claim_by, claim_by_name, claim_by_type FROM sessions WHERE company_id = $1 AND id = $2 FOR UPDATE) old
        WHERE s.id = old.id AND s.claim_by IS NOT NULL AND s.claim_expires_at > clock_timestamp()
          AND (s.claim_by = $3 OR $5)
       RETURNING s.id, old.claim_by, old.claim_by_name, old.claim_by_type
     )
     INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, actor_name, details)
     SELECT id, $1, 'released', $6, $3, $4,
            jsonb_build_object('claimedBy', jsonb_strip_nulls(jsonb_build_object(
              'type', coalesce(claim_by_type, 'user'), 'id', claim_by, 'name', claim_by_name)))
       FROM released`,
    [companyId, id, actor.id, actor.name ?? null, anyHolder, actor.type],
  );
  return rowCount === 1;
}

/** A session's new final status, and by whom. */
export interface Resolution {
  status: "success" | "rejected" | "resubmission_requested";
  reasons: string[];
  note: string | null;
  by: Actor & { type: "user" | "key" | "sla" };
}

/**
 * How a resolution may take a session: a person's own (`direct`: no pending proposal, no other's
 * claim), the approval of a pending proposal (`approval`: the proposal must be there and be
 * another's; it decides as the proposer, `approvedBy` the approver), or the SLA's (overrides
 * claims, and lapses a pending proposal).
 */
export type ResolutionMode = { kind: "direct" } | { kind: "approval"; approver: Actor } | { kind: "sla" };

/**
 * Resolves the awaiting sessions among `ids` that `mode` allows, in one conditional statement,
 * so that of racing resolutions (and approvals, and declines) exactly one wins. Records the
 * history (with the reviewer's handling time: from their claim, or the parking if they held
 * none), the awaiting count and the reason counts. Answers the ids it resolved.
 */
export async function resolveAwaiting(
  db: Queryable,
  companyId: string,
  ids: string[],
  resolution: Resolution,
  mode: ResolutionMode,
) {
  const approver = mode.kind === "approval" ? mode.approver : undefined;
  const { rows } = await db.query<{ id: string }>(
    `WITH parked AS (
       SELECT id, outcome, reasons, rule_set_version, decided_at, proposal,
              extract(epoch FROM clock_timestamp() - CASE WHEN s.claim_by = $6 AND s.claim_expires_at > clock_timestamp()
                                                          THEN s.claimed_at ELSE s.decided_at END) * 1000 AS handling_ms
         FROM sessions s
        WHERE s.company_id = $1 AND s.id = ANY($2::uuid[]) AND s.status = 'awaiting_action'
          AND CASE $9::text
                WHEN 'sla' THEN true
                WHEN 'approval' THEN s.proposal IS NOT NULL AND s.proposal->'by'->>'id' IS DISTINCT FROM $10
                                     AND ${unclaimedFor("$10")}
                ELSE s.proposal IS NULL AND ${unclaimedFor("$6")}
              END
        FOR UPDATE
     ), resolved AS (
       UPDATE sessions s
          SET status = $3, outcome = $3, reasons = $4, decided_by_type = $5, decided_by_id = $6,
              decided_by_name = $8, decided_at = clock_timestamp(), decision_note = $7,
              approved_by = $11::jsonb, proposal = NULL,
              claim_by = NULL, claim_by_name = NULL, claim_by_type = NULL, claimed_at = NULL, claim_expires_at = NULL
         FROM parked WHERE s.id = parked.id
       RETURNING s.id, s.decided_at
     ), history AS (
       -- the engine's decision, which the row held until now, then the resolution
       INSERT INTO session_events (session_id, company_id, at, type, actor_type, actor_id, actor_name, details)
       SELECT id, $1, decided_at, 'decided', 'engine', NULL, NULL,
              jsonb_build_object('outcome', outcome, 'reasons', reasons, 'ruleSetVersion', rule_set_version)
         FROM parked
       UNION ALL
       SELECT parked.id, $1, resolved.decided_at, 'proposal_lapsed', $5, NULL, NULL, parked.proposal
         FROM parked JOIN resolved USING (id) WHERE $9 = 'sla' AND parked.proposal IS NOT NULL
       UNION ALL
       SELECT parked.id, $1, resolved.decided_at, 'resolved', $5, $6, $8,
              jsonb_strip_nulls(jsonb_build_object(
                'outcome', $3::text, 'reasons', $4::jsonb, 'note', $7::text, 'approvedBy', $11::jsonb,
                'handlingMs', CASE $9::text WHEN 'sla' THEN NULL
                                            WHEN 'approval' THEN (parked.proposal->>'handlingMs')::float8
                                            ELSE round(parked.handling_ms) END))
         FROM parked JOIN resolved USING (id)
     ), unparked AS (
       UPDATE awaiting_counts SET count = count - (SELECT count(*) FROM resolved)
        WHERE company_id = $1 AND EXISTS (SELECT 1 FROM resolved)
     ), stats AS (
       INSERT INTO decision_stats (company_id, day, kind, key, count)
       SELECT $1, (decided_at AT TIME ZONE 'UTC')::date, 'reason', reason, count(*)
         FROM resolved, jsonb_array_elements_text($4::jsonb) AS reason
        GROUP BY 2, 4 ORDER BY 2, 4
       ON CONFLICT (company_id, day, kind, key) DO UPDATE SET count = decision_stats.count + EXCLUDED.count
     )
     SELECT id FROM resolved`,
    [
      companyId,
      ids,
      resolution.status,
      JSON.stringify(resolution.reasons),
      resolution.by.type,
      resolution.by.id ?? null,
      resolution.note,
      resolution.by.name ?? null,
      mode.kind,
      approver?.id ?? null,
      approver ? JSON.stringify(approver) : null,
    ],
  );
  return rows.map((row) => row.id);
}

/**
 * Records a four-eyes proposal on those of `ids` awaiting action with none pending and no other's
 * claim, releasing the proposer's claim, with a history entry. Answers the ids it took.
 */
export async function insertProposals(
  db: Queryable,
  companyId: string,
  ids: string[],
  proposal: { outcome: string; reason: string | null; note: string | null; by: Actor },
) {
  const { rows } = await db.query<{ id: string }>(
    `WITH proposed AS (
       UPDATE sessions s
          SET proposal = jsonb_build_object(
                'outcome', $3::text, 'reason', $4::text, 'note', $5::text, 'by', $6::jsonb,
                'at', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'handlingMs', round(extract(epoch FROM clock_timestamp() - CASE
                  WHEN s.claim_by = $7 AND s.claim_expires_at > clock_timestamp() THEN s.claimed_at
                  ELSE s.decided_at END) * 1000)),
              claim_by = NULL, claim_by_name = NULL, claim_by_type = NULL, claimed_at = NULL, claim_expires_at = NULL
        WHERE s.company_id = $1 AND s.id = ANY($2::uuid[]) AND s.status = 'awaiting_action'
          AND s.proposal IS NULL AND ${unclaimedFor("$7")}
       RETURNING s.id, s.proposal
     )
     INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, actor_name, details)
     SELECT id, $1, 'proposed', $9, $7, $8, proposal - 'by' - 'at' FROM proposed
     RETURNING session_id AS id`,
    [
      companyId,
      ids,
      proposal.outcome,
      proposal.reason,
      proposal.note,
      JSON.stringify(proposal.by),
      proposal.by.id,
      proposal.by.name ?? null,
      proposal.by.type,
    ],
  );
  return rows.map((row) => row.id);
}

/** Withdraws the session's pending proposal, with the decliner's note in its history; answers whether it did. */
export async function deleteProposal(
  db: Queryable,
  companyId: string,
  id: string,
  actor: Actor,
  note: string | null,
) {
  const { rowCount } = await db.query(
    `WITH declined AS (
       UPDATE sessions s SET proposal = NULL
         FROM (SELECT id, proposal FROM sessions WHERE company_id = $1 AND id = $2 FOR UPDATE) old
        WHERE s.id = old.id AND s.status = 'awaiting_action' AND s.proposal IS NOT NULL
       RETURNING s.id, old.proposal
     )
     INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, actor_name, details)
     SELECT id, $1, 'proposal_declined', $6, $3, $4,
            jsonb_strip_nulls(jsonb_build_object('proposal', proposal, 'note', $5::text))
       FROM declined`,
    [companyId, id, actor.id, actor.name ?? null, note, actor.type],
  );
  return rowCount === 1;
}

export interface ReviewState {
  id: string;
  status: string;
  reasons: string[] | null;
  /** The holder of an unexpired claim. */
  claimBy: string | null;
  claimByName: string | null;
  claimByType: string | null;
  proposal: { by: Actor } | null;
}

/** The status, reasons, live claim and proposal of the company's sessions among `ids`. */
export async function selectReviewStates(db: Queryable, companyId: string, ids: string[]) {
  const { rows } = await db.query<ReviewState>(
    `SELECT id, status, reasons,
            CASE WHEN claim_expires_at > clock_timestamp() THEN claim_by END AS "claimBy",
            CASE WHEN claim_expires_at > clock_timestamp() THEN claim_by_name END AS "claimByName",
            CASE WHEN claim_expires_at > clock_timestamp() THEN claim_by_type END AS "claimByType",
            proposal
       FROM sessions WHERE company_id = $1 AND id = ANY($2::uuid[])`,
    [companyId, ids],
  );
  return rows;
}

export async function insertNote(db: Queryable, companyId: string, id: string, actor: Actor, text: string) {
  const { rows } = await db.query<{ at: Date }>(
    `INSERT INTO session_events (session_id, company_id, type, actor_type, actor_id, actor_name, details)
     SELECT s.id, s.company_id, 'note', $6, $3, $4, jsonb_build_object('text', $5::text)
       FROM sessions s WHERE s.company_id = $1 AND s.id = $2
     RETURNING at`,
    [companyId, id, actor.id, actor.name ?? null, text, actor.type],
  );
  return rows[0];
}

export async function countAwaiting(db: Queryable, companyId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    "SELECT count FROM awaiting_counts WHERE company_id = $1",
    [companyId],
  );
  return rows[0]?.count ?? 0;
}

/** Awaiting sessions (among `ids`, when given) parked before `parkedBefore`, oldest first. */
export async function selectExpiredAwaiting(
  db: Queryable,
  companyId: string,
  parkedBefore: Date,
  limit: number,
  ids?: string[],
) {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM sessions
      WHERE company_id = $1 AND status = 'awaiting_action' AND decided_at <= $2
        AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
      ORDER BY created_at LIMIT $3`,
    [companyId, parkedBefore, limit, ids ?? null],
  );
  return rows.map((row) => row.id);
}
