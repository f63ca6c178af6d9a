import type { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  createExport,
  EXPORT_LISTS,
  EXPORT_STATUSES,
  getExport,
  MAX_ACTIVE_EXPORTS,
  openExportFile,
} from "../../engine/exports/exports.js";
import type { Context } from "../../engine/platform/context.js";
import { caller, REVIEWERS } from "../auth.js";
import { DateTime, errors, IdParams, SessionFilterFields, SessionStatusSchema } from "../schemas.js";

const ListSchema = Type.Union(
  EXPORT_LISTS.map((list) => Type.Literal(list)),
  { description: "awaiting_action (oldest first), sessions or rejections (newest first)" },
);

const ExportSchema = Type.Object({
  id: Type.String({ description: "the export's id" }),
  list: ListSchema,
  filter: Type.Object(
    {
      status: Type.Optional(SessionStatusSchema),
      q: Type.Optional(
        Type.String({ description: "lower-cased; dropped once the export has run (it may name a person)" }),
      ),
      from: Type.Optional(DateTime),
      to: Type.Optional(Type.String({ format: "date-time", description: "exclusive" })),
    },
    { description: "the filter as applied: from/to as instants" },
  ),
  status: Type.Union(
    EXPORT_STATUSES.map((status) => Type.Literal(status)),
    {
      description:
        "queued, running, completed (the file can be downloaded), failed (see error) or expired (the file was deleted)",
    },
  ),
  rows: Type.Integer({ description: "data rows written so far; all of them once completed" }),
  createdAt: DateTime,
  startedAt: Type.Optional(Type.String({ format: "date-time", description: "when the last try started" })),
  finishedAt: Type.Optional(Type.String({ format: "date-time", description: "when it completed or failed" })),
  expiresAt: Type.Optional(
    Type.String({ format: "date-time", description: "when the finished file is deleted" }),
  ),
  error: Type.Optional(Type.String({ description: "why it failed" })),
});

export const exportRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const access = { access: REVIEWERS };

  app.post(
    "/exports",
    {
      config: access,
      schema: {
        tags: ["exports"],
        operationId: "createExport",
        summary: "Export a session list as CSV",
        description: `Queues the export; poll GET /v1/exports/:id, then download GET /v1/exports/:id/file. The rows are the sessions matching when the export starts. At most ${MAX_ACTIVE_EXPORTS} exports of a company run at once: one more answers 429 (TOO_MANY_EXPORTS).`,
        body: Type.Object(
          {
            list: ListSchema,
            filter: Type.Optional(Type.Object(SessionFilterFields, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ id: Type.String(), status: Type.Literal("queued") }),
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const created = await createExport(ctx, companyId, actor, request.body);
      return reply.code(202).send({ id: created.id, status: "queued" });
    },
  );

  app.get(
    "/exports/:id",
    {
      config: access,
      schema: {
        tags: ["exports"],
        operationId: "getExport",
        summary: "An export's status and progress",
        params: IdParams,
        response: { 200: ExportSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getExport(ctx, caller(request).companyId, request.params.id),
  );

  app.get(
    "/exports/:id/file",
    {
      config: access,
      schema: {
        tags: ["exports"],
        operationId: "downloadExport",
        summary: "Download a completed export",
        description:
          "RFC 4180 CSV in UTF-8 (with a byte order mark): a header row, then a row a session. Text cells that a spreadsheet could read as a formula start with '. 409 EXPORT_NOT_READY until the export is completed (EXPORT_FAILED when it failed), 410 EXPORT_EXPIRED once its file was deleted.",
        params: IdParams,
        response: {
          200: {
            description: "the CSV file",
            content: { "text/csv": { schema: Type.Unsafe<Readable>({ type: "string" }) } },
          },
          ...errors(400, 401, 403, 404, 409, 410),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const file = await openExportFile(ctx, companyId, actor, request.params.id);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${file.fileName}"`)
        .send(file.stream);
    },
  );
};
