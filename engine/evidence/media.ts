import { createHash, randomBytes } from "node:crypto";
import { finished, type Readable, Writable } from "node:stream";
import { recordActivity } from "../audit/activity.js";
import { badRequest, conflict, DomainError, notFound } from "../kernel/errors.js";
import { isUuid } from "../kernel/ids.js";
import type { Actor } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import type { FileUpload } from "../platform/file-store.js";
import {
  insertFileRemoval,
  insertMedia,
  type MediaEntry,
  type MediaKind,
  selectMedia,
  selectMediaTarget,
} from "../sql/media.js";
import { removeFiles, UPLOAD_GRACE_MS } from "./file-removals.js";
import { type MediaType, SignatureCheck, type SignatureProblem } from "./signature.js";

export { MEDIA_KINDS } from "../sql/media.js";
export type { MediaEntry, MediaKind };

type Deps = Pick<Context, "pool" | "files" | "config" | "logger">;

export const mediaTooLarge = (limit: number) =>
  new DomainError(
    413,
    "MEDIA_TOO_LARGE",
    `the file is over the limit of ${limit} bytes (VERDICT_MEDIA_LIMIT_BYTES)`,
  );

const liquidated = () =>
  conflict("SESSION_LIQUIDATED", "the session was liquidated: it takes no more evidence");

async function target(deps: Pick<Context, "pool">, companyId: string, sessionId: string, kind: MediaKind) {
  const found = isUuid(sessionId)
    ? await selectMediaTarget(deps.pool, companyId, sessionId, kind)
    : undefined;
  if (!found) throw notFound("session");
  return found;
}

export interface StoredMedia {
  /** false: the same bytes were stored before (200), true: stored now (201). */
  created: boolean;
  entry: MediaEntry;
}

/**
 * Stores one file of evidence from a stream of its bytes (an HTTP body), never holding it whole:
 * the bytes go to the file store as they arrive, their SHA-256 and signature checked on the way.
 * The file is committed once whole and right, then recorded; a file the kind already holds is
 * never replaced (the same bytes answer the stored entry, other bytes 409). A file committed but
 * not recorded (a crash, a lost race) is removed, at once or by the sweep (`file_removals`).
 */
export async function storeMedia(
  deps: Deps,
  companyId: string,
  sessionId: string,
  kind: MediaKind,
  contentType: MediaType,
  body: Readable,
  declaredBytes?: number,
): Promise<StoredMedia> {
  const limit = deps.config.mediaLimitBytes;
  const before = await target(deps, companyId, sessionId, kind);
  if (before.liquidated) throw liquidated();
  if (declaredBytes !== undefined && declaredBytes > limit) throw mediaTooLarge(limit);

  // The kind is stored already: read the bytes only to tell the same file from another one.
  if (before.stored) return same(before.stored, (await receive(body, contentType, limit)).sha256);

  const fileKey = `media/${companyId}/${sessionId}/${kind}-${randomBytes(8).toString("hex")}`;
  const upload = await deps.files.create(fileKey);
  let read: { sha256: string; bytes: number };
  try {
    read = await receive(body, contentType, limit, upload);
    // From here until its row is written, the file is due for removal, should the row never come.
    await insertFileRemoval(deps.pool, fileKey, UPLOAD_GRACE_MS);
    await upload.commit();
  } catch (error) {
    await upload.abort();
    throw error;
  }
  const entry = await insertMedia(deps.pool, { companyId, sessionId, kind, contentType, ...read, fileKey });
  if (entry) return { created: true, entry };

  // Liquidated meanwhile, or another upload of the kind won the race.
  await removeFiles(deps, [fileKey]);
  const now = await target(deps, companyId, sessionId, kind);
  if (now.liquidated || !now.stored) throw liquidated();
  return same(now.stored, read.sha256);
}

function same(stored: MediaEntry & { fileKey?: string }, sha256: string): StoredMedia {
  if (stored.sha256 !== sha256) {
    throw conflict(
      "MEDIA_EXISTS",
      `the session holds another ${stored.kind} already (sha256 ${stored.sha256}); evidence is never replaced`,
    );
  }
  const { fileKey: _, ...entry } = stored;
  return { created: false, entry };
}

/**
 * Reads the body to its end into `upload` (when given), checking its signature, its size and its
 * hash as it passes. The body is never destroyed on a refusal, only no longer passed on, so that
 * the client still reads the answer: past the limit reading stops.
 */
function receive(
  body: Readable,
  type: MediaType,
  limit: number,
  upload?: FileUpload,
): Promise<{ sha256: string; bytes: number }> {
  const check = new SignatureCheck(type);
  const hash = createHash("sha256");
  const out = upload?.stream;
  let refused: DomainError | undefined;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (check.bytes + chunk.length > limit) return callback(mediaTooLarge(limit));
      check.update(chunk);
      if (refused) return callback();
      const wrong = check.mismatch();
      if (wrong) {
        refused = refusal(wrong);
        return callback();
      }
      hash.update(chunk);
      if (!out || out.write(chunk)) return callback();
      out.once("drain", () => callback());
    },
    final(callback) {
      if (!out) return callback();
      out.end();
      finished(out, (error) => callback(error));
    },
  });
  return new Promise((resolve, reject) => {
    out?.once("error", (error) => sink.destroy(error));
    // a client that goes away mid-body: the body ends without its end
    finished(body, (error) => {
      if (error) sink.destroy(error);
    });
    sink.once("error", (error) => {
      body.unpipe(sink);
      reject(error);
    });
    sink.once("finish", () => {
      const problem = refused ?? check.problem();
      if (problem) return reject(problem instanceof DomainError ? problem : refusal(problem));
      resolve({ sha256: hash.digest("hex"), bytes: check.bytes });
    });
    body.pipe(sink);
  });
}

/** A signature problem as the API answers it: a type mismatch is 415, the rest 400. */
function refusal(problem: SignatureProblem): DomainError {
  return problem.code === "MEDIA_TYPE_MISMATCH"
    ? new DomainError(415, problem.code, problem.message)
    : badRequest(problem.code, problem.message);
}

/** The session's media entries (404 for another company's session). */
export async function listMedia(deps: Pick<Context, "pool">, companyId: string, sessionId: string) {
  if (!isUuid(sessionId) || !(await selectMediaTarget(deps.pool, companyId, sessionId, "selfie"))) {
    throw notFound("session");
  }
  return selectMedia(deps.pool, sessionId);
}

/**
 * One file of a session's evidence, to serve: its entry and its bytes. Records the view in the
 * activity log. 404 when the session is not the company's or holds no file of the kind.
 */
export async function openMedia(
  deps: Pick<Context, "pool" | "files">,
  companyId: string,
  sessionId: string,
  kind: MediaKind,
  actor: Actor,
): Promise<{ entry: MediaEntry; stream: Readable }> {
  const { stored } = await target(deps, companyId, sessionId, kind);
  if (!stored) throw notFound(`${kind} of the session`);
  const stream = await deps.files.read(stored.fileKey);
  if (!stream) throw notFound(`${kind} of the session`);
  try {
    await recordActivity(deps.pool, companyId, actor, {
      action: "media.viewed",
      target: sessionId,
      details: { kind },
    });
  } catch (error) {
    stream.destroy();
    throw error;
  }
  const { fileKey: _, ...entry } = stored;
  return { entry, stream };
}
