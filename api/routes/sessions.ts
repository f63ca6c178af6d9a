import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { checkSessionInput, submitSessions } from "../../engine/deciding/intake.js";
import { badRequest, conflict } from "../../engine/kernel/errors.js";
import { type SessionInput, SessionInputSchema } from "../../engine/kernel/model.js";
import type { Context } from "../../engine/platform/context.js";
import { getSession, listSessions, parseRange } from "../../engine/sessions/read-model.js";
import { ANY_ROLE, caller } from "../auth.js";
import {
  errors,
  IdParams,
  Page,
  PageQuery,
  SessionFilterFields,
  SessionSchema,
  SessionStatusSchema,
  SessionWithHistorySchema,
} from "../schemas.js";

const MAX_BATCH = 1000;
const INTEGRATOR = ["integrator"] as const;

const SubmittedSchema = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  status: SessionStatusSchema,
});

export const sessionRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    "/sessions",
    {
      config: { access: INTEGRATOR },
      schema: {
        tags: ["sessions"],
        operationId: "submitSession",
        summary: "Submit a session",
        description:
          "Stored durably before the answer, then decided by the company's condition set. The same externalId with the same data answers the existing session with 200; with other data, 409. Data over 64 KiB of JSON, nested over 10 deep or holding an array of over 1,000 items answers 400 DATA_TOO_LARGE.",
        body: SessionInputSchema,
        response: { 202: SubmittedSchema, 200: SubmittedSchema, ...errors(400, 401, 403, 409, 413) },
      },
    },
    async (request, reply) => {
      const { companyId } = caller(request);
      const results = await submitSessions(ctx, companyId, [{ index: 0, input: request.body }]);
      const result = results.get(0)!;
      switch (result.kind) {
        case "created":
          return reply.code(202).send({ id: result.id, externalId: result.externalId, status: "pending" });
        case "existing":
          return reply
            .code(200)
            .send({ id: result.id, externalId: result.externalId, status: result.status });
        case "invalid":
          throw result.code === "CONFLICT"
            ? conflict("CONFLICT", result.message)
            : badRequest(result.code, result.message.replace(/^\/sessions\/0/, "body"));
      }
    },
  );

  app.post(
    "/sessions/batch",
    {
      config: { access: INTEGRATOR },
      schema: {
        tags: ["sessions"],
        operationId: "submitSessions",
        summary: "Submit up to 1000 sessions",
        description:
          "Each entry is accepted or rejected on its own: `rejected` names the index, a code (VALIDATION_ERROR, DATA_TOO_LARGE, CONFLICT) and what is wrong. An entry repeating an existing session with the same data is accepted with that session's id.",
        body: Type.Object(
          {
            sessions: Type.Array(
              Type.Unknown({ description: "{ externalId, data }, as for POST /v1/sessions" }),
              {
                minItems: 1,
                maxItems: MAX_BATCH,
              },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({
            accepted: Type.Array(
              Type.Object({ index: Type.Integer(), id: Type.String(), externalId: Type.String() }),
            ),
            rejected: Type.Array(
              Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String() }),
            ),
          }),
          ...errors(400, 401, 403, 413),
        },
      },
    },
    async (request, reply) => {
      const { companyId } = caller(request);
      const rejected: { index: number; code: string; message: string }[] = [];
      const valid: { index: number; input: SessionInput }[] = [];
      request.body.sessions.forEach((input, index) => {
        const problem = checkSessionInput(input, `/sessions/${index}`);
        if (problem) rejected.push({ index, code: "VALIDATION_ERROR", message: problem });
        else valid.push({ index, input: input as SessionInput });
      });
      const accepted: { index: number; id: string; externalId: string }[] = [];
      for (const [index, result] of await submitSessions(ctx, companyId, valid)) {
        if (result.kind === "invalid") rejected.push({ index, code: result.code, message: result.message });
        else accepted.push({ index, id: result.id, externalId: result.externalId });
      }
      accepted.sort((a, b) => a.index - b.index);
      rejected.sort((a, b) => a.index - b.index);
      return reply.code(202).send({ accepted, rejected });
    },
  );

  app.get(
    "/sessions",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["sessions"],
        operationId: "listSessions",
        summary: "List sessions, newest first",
        querystring: PageQuery(SessionFilterFields),
        response: { 200: Page(SessionSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, q, from, to, limit, cursor } = request.query;
      const filter = { status, q: q?.toLowerCase(), ...parseRange(from, to) };
      return listSessions(ctx, caller(request).companyId, filter, { limit, cursor });
    },
  );

  app.get(
    "/sessions/:id",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["sessions"],
        operationId: "getSession",
        summary: "One session with its decision and history",
        params: IdParams,
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getSession(ctx, caller(request).companyId, request.params.id),
  );
};
