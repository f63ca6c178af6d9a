import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Context } from "../../engine/platform/context.js";
import { REJECTION_REASONS } from "../../engine/review/rejection-reasons.js";
import {
  addNote,
  awaitingCount,
  claimSession,
  listAwaiting,
  type Reviewer,
  releaseClaim,
  resolveMany,
  resolveSession,
} from "../../engine/review/reviewer-actions.js";
import { listSessions } from "../../engine/sessions/read-model.js";
import { caller, REVIEWERS } from "../auth.js";
import {
  DateTime,
  errors,
  IdParams,
  Page,
  PageQuery,
  SessionSchema,
  SessionWithHistorySchema,
} from "../schemas.js";

function reviewer(request: FastifyRequest): Reviewer {
  const { companyId, actor, role } = caller(request);
  return { companyId, keyId: actor.id!, isMaster: role === "master" };
}

const ClaimSchema = Type.Object({
  by: Type.String({ description: "the claiming key's id" }),
  expiresAt: DateTime,
});
const Outcome = Type.Union([Type.Literal("success"), Type.Literal("rejected")]);
const Reason = Type.String({
  description: "a code of GET /v1/rejection-reasons; required to reject, refused to accept",
});
const Note = Type.String({ minLength: 1, maxLength: 10_000 });

export const reviewRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const access = { access: REVIEWERS };

  app.get(
    "/awaiting-action",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Parked sessions, oldest first; `overdue` past the SLA",
        querystring: PageQuery({}),
        response: { 200: Page(SessionSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => listAwaiting(ctx, reviewer(request).companyId, request.query),
  );

  app.get(
    "/awaiting-action/count",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "How many sessions wait",
        response: { 200: Type.Object({ count: Type.Integer() }), ...errors(401, 403) },
      },
    },
    async (request) => ({ count: await awaitingCount(ctx.pool, reviewer(request).companyId) }),
  );

  app.post(
    "/awaiting-action/resolve",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Resolve up to 500 sessions alike",
        description:
          "Each id answers 200 (resolved), 404 (unknown) or 409 (not awaiting action, or claimed by another).",
        body: Type.Object(
          {
            ids: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 500 }),
            outcome: Outcome,
            reason: Type.Optional(Reason),
            note: Type.Optional(Note),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                id: Type.String(),
                status: Type.Union([Type.Literal(200), Type.Literal(404), Type.Literal(409)]),
              }),
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { ids, ...input } = request.body;
      return { results: await resolveMany(ctx, reviewer(request), ids, input) };
    },
  );

  app.post(
    "/sessions/:id/claim",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Claim a parked session for 15 minutes (claiming again extends it)",
        params: IdParams,
        response: { 200: Type.Object({ claim: ClaimSchema }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ({ claim: await claimSession(ctx, reviewer(request), request.params.id) }),
  );

  app.delete(
    "/sessions/:id/claim",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Release your claim (a master may release anyone's)",
        params: IdParams,
        response: {
          204: Type.Null({ description: "released, or there was no claim" }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      await releaseClaim(ctx, reviewer(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/sessions/:id/resolve",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Decide a parked session",
        description:
          "409 when it is not awaiting action or another holds the claim. Of racing resolutions exactly one wins.",
        params: IdParams,
        body: Type.Object(
          { outcome: Outcome, reason: Type.Optional(Reason), note: Type.Optional(Note) },
          { additionalProperties: false },
        ),
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => resolveSession(ctx, reviewer(request), request.params.id, request.body),
  );

  app.post(
    "/sessions/:id/notes",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Add a note to a session's history",
        params: IdParams,
        body: Type.Object({ text: Note }, { additionalProperties: false }),
        response: { 201: Type.Object({ at: DateTime, text: Type.String() }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addNote(ctx, reviewer(request), request.params.id, request.body.text)),
  );

  app.get(
    "/rejections",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "Rejected sessions, newest first",
        querystring: PageQuery({}),
        response: { 200: Page(SessionSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => listSessions(ctx, reviewer(request).companyId, { status: "rejected" }, request.query),
  );

  app.get(
    "/rejection-reasons",
    {
      config: access,
      schema: {
        tags: ["review"],
        summary: "The reasons a reviewer may reject with, and their groups",
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), group: Type.String() })) }),
          ...errors(401, 403),
        },
      },
    },
    async () => ({ items: [...REJECTION_REASONS] }),
  );
};
