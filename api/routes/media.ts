import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { listMedia, type MediaKind, openMedia, storeMedia } from "../../engine/evidence/media.js";
import { sessionReport } from "../../engine/evidence/report.js";
import { isMediaType, MEDIA_TYPES, type MediaType } from "../../engine/evidence/signature.js";
import { DomainError } from "../../engine/kernel/errors.js";
import type { Context } from "../../engine/platform/context.js";
import { ANY_ROLE, caller, REVIEWERS } from "../auth.js";
import { BinaryBody, errors, IdParams, MediaEntrySchema, MediaKindSchema } from "../schemas.js";

const UPLOADERS = ["integrator", "master"] as const;

/**
 * The headers a stored file is served with: it is shown as what it is and nothing else, runs
 * nothing (a sandbox with no source allowed), is kept by no cache and read by no other site.
 */
export const EVIDENCE_HEADERS = {
  "cache-control": "private, no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
  "cross-origin-resource-policy": "same-origin",
} as const;

const MediaParams = Type.Object({ ...IdParams.properties, kind: MediaKindSchema });

/** The media type of a `Content-Type` header (parameters dropped), if Verdict takes it. */
function mediaType(header: string | undefined): MediaType | undefined {
  const type = header?.split(";")[0]?.trim().toLowerCase() ?? "";
  return isMediaType(type) ? type : undefined;
}

const EXTENSIONS: Record<MediaType, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "application/pdf": "pdf",
};

/** A session's evidence: uploading, listing and serving its images and documents. */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // An upload's body is not parsed: the handler streams it to the file store as it arrives.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, payload, done) => done(null, payload));

  app.put(
    "/sessions/:id/media/:kind",
    {
      config: { access: UPLOADERS },
      schema: {
        tags: ["evidence"],
        operationId: "uploadMedia",
        summary: "Upload one of a session's images or documents",
        description: `The body is the file's bytes, with \`Content-Type\` ${MEDIA_TYPES.map((type) => `\`${type}\``).join(", ")}. The bytes must be a whole file of that type by their signature: else 415 MEDIA_TYPE_MISMATCH (another type), 400 MEDIA_INCOMPLETE (truncated) or 400 MEDIA_EMPTY. Over \`VERDICT_MEDIA_LIMIT_BYTES\` (default 10 MiB): 413 MEDIA_TOO_LARGE. Evidence is never replaced: the same bytes again answer 200 with the stored entry, other bytes for a kind already stored 409 MEDIA_EXISTS; a liquidated session answers 409 SESSION_LIQUIDATED. While the file store cannot be reached: 503 UNAVAILABLE, and the upload can be sent again.`,
        params: MediaParams,
        consumes: [...MEDIA_TYPES],
        body: BinaryBody("the file's bytes"),
        response: {
          201: MediaEntrySchema,
          200: MediaEntrySchema,
          ...errors(400, 401, 403, 404, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const { companyId } = caller(request);
      const header = request.headers["content-type"];
      const type = mediaType(header);
      if (!type) {
        throw new DomainError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          `Content-Type must be one of ${MEDIA_TYPES.join(", ")}${header ? `, got "${header}"` : "; none was sent"}`,
        );
      }
      const length = request.headers["content-length"];
      const body: unknown = request.body;
      const bytes = body instanceof Readable ? body : Readable.from([]);
      const stored = await storeMedia(
        ctx,
        companyId,
        request.params.id,
        request.params.kind,
        type,
        bytes,
        length === undefined ? undefined : Number(length),
      );
      return reply.code(stored.created ? 201 : 200).send(stored.entry);
    },
  );

  app.get(
    "/sessions/:id/media",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["evidence"],
        operationId: "listMedia",
        summary: "A session's images and documents",
        description: "The same entries as the session's `media`, in kind order.",
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(MediaEntrySchema) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await listMedia(ctx, caller(request).companyId, request.params.id) }),
  );

  app.get(
    "/sessions/:id/media/:kind",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["evidence"],
        operationId: "downloadMedia",
        summary: "The bytes of one of a session's images or documents",
        description:
          "Served with its `Content-Type`, `Cache-Control: private, no-store`, `X-Content-Type-Options: nosniff` and a `Content-Security-Policy` that runs nothing. Each view is in the activity log (`media.viewed`).",
        params: MediaParams,
        response: {
          200: {
            description: "the file's bytes",
            content: Object.fromEntries(
              MEDIA_TYPES.map((type) => [
                type,
                { schema: Type.Unsafe<Readable>({ type: "string", format: "binary" }) },
              ]),
            ),
          },
          ...errors(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const { id, kind } = request.params;
      const { entry, stream } = await openMedia(ctx, companyId, id, kind as MediaKind, actor);
      const extension = EXTENSIONS[entry.contentType as MediaType] ?? "bin";
      return reply
        .headers(EVIDENCE_HEADERS)
        .header("content-type", entry.contentType)
        .header("content-length", entry.bytes)
        .header("content-disposition", `inline; filename="${kind}.${extension}"`)
        .send(stream);
    },
  );

  app.get(
    "/sessions/:id/report.pdf",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["evidence"],
        operationId: "downloadReport",
        summary: "The session as a PDF for the compliance file",
        description:
          "The company, the session's ids and times, each check with its value, the person's data and extra fields, the decision with its reasons and who made it, the history and notes, and the JPEG and PNG images scaled to fit (WebP images and PDFs are listed). A liquidated session's report says so and holds no personal data. Each download is in the activity log (`report.downloaded`).",
        params: IdParams,
        response: {
          200: {
            description: "the report",
            content: {
              "application/pdf": { schema: Type.Unsafe<Readable>({ type: "string", format: "binary" }) },
            },
          },
          ...errors(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const report = await sessionReport(ctx, companyId, request.params.id, actor);
      return reply
        .headers(EVIDENCE_HEADERS)
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="${report.fileName}"`)
        .send(report.stream);
    },
  );
};
