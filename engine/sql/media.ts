import type { Queryable } from "../platform/db.js";

/** The kinds of evidence a session holds, in the order a session shows them. */
export const MEDIA_KINDS = [
  "selfie",
  "document_front",
  "document_back",
  "proof_of_address",
  "other",
] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaEntry {
  kind: MediaKind;
  contentType: string;
  bytes: number;
  sha256: string;
  createdAt: string;
}

const KIND_ORDER = `array_position(ARRAY[${MEDIA_KINDS.map((kind) => `'${kind}'`).join(", ")}], m.kind)`;

const ENTRY_JSON = `json_build_object('kind', m.kind, 'contentType', m.content_type, 'bytes', m.bytes,
  'sha256', m.sha256, 'createdAt', to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** A column of a query over sessions (`s`): the session's media entries as a JSON array. */
export const MEDIA_COLUMN = `(SELECT coalesce(json_agg(${ENTRY_JSON} ORDER BY ${KIND_ORDER}), '[]'::json)
   FROM media m WHERE m.session_id = s.id) AS media`;

export interface MediaTarget {
  liquidated: boolean;
  /** What the session holds of the kind already, if anything. */
  stored: (MediaEntry & { fileKey: string }) | null;
}

/** The company's session `sessionId` as an upload to it or a read of its `kind` sees it; undefined when it has none. */
export async function selectMediaTarget(
  db: Queryable,
  companyId: string,
  sessionId: string,
  kind: MediaKind,
) {
  const { rows } = await db.query<MediaTarget>(
    `SELECT s.liquidated_at IS NOT NULL AS liquidated,
            CASE WHEN m.kind IS NULL THEN NULL
                 ELSE (${ENTRY_JSON})::jsonb || jsonb_build_object('fileKey', m.file_key) END AS stored
       FROM sessions s LEFT JOIN media m ON m.session_id = s.id AND m.kind = $3
      WHERE s.company_id = $1 AND s.id = $2`,
    [companyId, sessionId, kind],
  );
  return rows[0];
}

export interface NewMedia {
  companyId: string;
  sessionId: string;
  kind: MediaKind;
  contentType: string;
  bytes: number;
  sha256: string;
  fileKey: string;
}

/**
 * Records a stored file as the session's media of its kind, unless the session is liquidated (or
 * not the company's) or already holds that kind; in the same statement withdraws the file's
 * pending removal. Holds the session's row (`FOR SHARE`) against a liquidation in between.
 * Answers the new entry, or undefined when nothing was recorded.
 */
export async function insertMedia(db: Queryable, media: NewMedia) {
  const { rows } = await db.query<{ entry: MediaEntry }>(
    `WITH target AS (
       SELECT id FROM sessions WHERE company_id = $1 AND id = $2 AND liquidated_at IS NULL FOR SHARE
     ), m AS (
       INSERT INTO media (session_id, kind, company_id, content_type, bytes, sha256, file_key)
       SELECT id, $3, $1, $4, $5, $6, $7 FROM target
       ON CONFLICT (session_id, kind) DO NOTHING
       RETURNING *
     ), kept AS (
       DELETE FROM file_removals WHERE file_key = $7 AND EXISTS (SELECT 1 FROM m)
     )
     SELECT ${ENTRY_JSON} AS entry FROM m`,
    [
      media.companyId,
      media.sessionId,
      media.kind,
      media.contentType,
      media.bytes,
      media.sha256,
      media.fileKey,
    ],
  );
  return rows[0]?.entry;
}

/** The session's media entries, in kind order. */
export async function selectMedia(db: Queryable, sessionId: string) {
  const { rows } = await db.query<{ media: MediaEntry[] }>(
    `SELECT ${MEDIA_COLUMN} FROM (SELECT $1::uuid AS id) s`,
    [sessionId],
  );
  return rows[0]?.media ?? [];
}

/** The store keys of the session's media, in kind order (for the report). */
export async function selectMediaFiles(db: Queryable, sessionId: string) {
  const { rows } = await db.query<MediaEntry & { fileKey: string }>(
    `SELECT m.kind, m.content_type AS "contentType", m.bytes, m.sha256, m.file_key AS "fileKey",
            m.created_at AS "createdAt"
       FROM media m WHERE m.session_id = $1 ORDER BY ${KIND_ORDER}`,
    [sessionId],
  );
  return rows;
}

// ---- files due for removal (migration 013) ----

/** Marks a file for removal `afterMs` from now, unless something withdraws the mark by then. */
export async function insertFileRemoval(db: Queryable, fileKey: string, afterMs: number) {
  await db.query(
    `INSERT INTO file_removals (file_key, due_at) VALUES ($1, now() + $2 * interval '1 millisecond')
     ON CONFLICT (file_key) DO UPDATE SET due_at = excluded.due_at`,
    [fileKey, afterMs],
  );
}

export async function deleteFileRemovals(db: Queryable, fileKeys: string[]) {
  await db.query("DELETE FROM file_removals WHERE file_key = ANY($1::text[])", [fileKeys]);
}

/** Up to `limit` files whose removal is due, oldest first. */
export async function selectDueFileRemovals(db: Queryable, limit: number) {
  const { rows } = await db.query<{ fileKey: string }>(
    `SELECT file_key AS "fileKey" FROM file_removals WHERE due_at <= now() ORDER BY due_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.fileKey);
}
