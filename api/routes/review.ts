import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Context } from "../../engine/platform/context.js";
import { REJECTION_REASONS } from "../../engine/review/rejection-reasons.js";
import {
  addNote,
  approveProposal,
  awaitingCount,
  claimNextSession,
  claimSession,
  declineProposal,
  listAwaiting,
  type Reviewer,
  releaseClaim,
  requestResubmission,
  resolveMany,
  resolveSession,
} from "../../engine/review/reviewer-actions.js";
import { listSessions } from "../../engine/sessions/read-model.js";
import { caller, REVIEWERS } from "../auth.js";
import {
  ActorSchema,
  ClaimSchema,
  DateTime,
  errors,
  IdParams,
  Page,
  PageQuery,
  SessionFilterFields,
  SessionSchema,
  SessionWithHistorySchema,
} from "../schemas.js";

function reviewer(request: FastifyRequest): Reviewer {
  const { companyId, actor, role } = caller(request);
  return { companyId, actor, isMaster: role === "master" };
}

const ReasonFilter = Type.String({ minLength: 1, maxLength: 100, description: "parked with this reason" });
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
        operationId: "listAwaitingAction",
        summary: "Parked sessions, oldest first; `overdue` past the SLA",
        description:
          "`reason` keeps those parked with that reason, `claimed=false` those no one holds (`true`: those someone holds), `overdue=true` those past the SLA, `q` as in sessions.",
        querystring: PageQuery({
          reason: Type.Optional(ReasonFilter),
          claimed: Type.Optional(Type.Boolean()),
          overdue: Type.Optional(Type.Boolean({ description: "true: only those past the SLA" })),
          q: SessionFilterFields.q,
        }),
        response: { 200: Page(SessionSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, q, ...filter } = request.query;
      return listAwaiting(
        ctx,
        reviewer(request).companyId,
        { ...filter, q: q?.toLowerCase() },
        { limit, cursor },
      );
    },
  );

  app.post(
    "/awaiting-action/next",
    {
      config: access,
      schema: {
        tags: ["review"],
        operationId: "claimNextSession",
        summary: "Claim and open the oldest parked session no one holds",
        description:
          "With `reason`, the oldest parked with that reason. Reviewers asking at once never get the same session; a session whose pending proposal is the caller's own is not handed to them. 204 when there is none.",
        querystring: Type.Object({ reason: Type.Optional(ReasonFilter) }),
        response: {
          200: SessionWithHistorySchema,
          204: Type.Null({ description: "no parked session is free" }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const session = await claimNextSession(ctx, reviewer(request), request.query.reason);
      return session ? session : reply.code(204).send(null);
    },
  );

  app.get(
    "/awaiting-action/count",
    {
      config: access,
      schema: {
        tags: ["review"],
        operationId: "countAwaitingAction",
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
        operationId: "resolveSessions",
        summary: "Resolve up to 500 sessions alike",
        description:
          "Each id answers 200 (resolved), 202 (the company's four-eyes rule asks for a second person: a proposal now waits), 404 (unknown) or 409 (not awaiting action, claimed by another, or a proposal pending).",
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
                status: Type.Union([
                  Type.Literal(200),
                  Type.Literal(202),
                  Type.Literal(404),
                  Type.Literal(409),
                ]),
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
        operationId: "claimSession",
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
        operationId: "releaseClaim",
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
        operationId: "resolveSession",
        summary: "Decide a parked session",
        description:
          "200 with the decided session. Where the company's four-eyes rule (`review.fourEyes`) covers the outcome and the session's reasons, 202: the session stays awaiting action with a `proposal` that another person approves or declines. 409 when it is not awaiting action (NOT_AWAITING_ACTION), another holds the claim (CLAIMED) or a proposal is pending (PROPOSAL_PENDING). Of racing resolutions exactly one wins.",
        params: IdParams,
        body: Type.Object(
          { outcome: Outcome, reason: Type.Optional(Reason), note: Type.Optional(Note) },
          { additionalProperties: false },
        ),
        response: {
          200: SessionWithHistorySchema,
          202: SessionWithHistorySchema,
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const answer = await resolveSession(ctx, reviewer(request), request.params.id, request.body);
      return reply.code(answer.status).send(answer.session);
    },
  );

  app.post(
    "/sessions/:id/proposal/approve",
    {
      config: access,
      schema: {
        tags: ["review"],
        operationId: "approveProposal",
        summary: "Approve a four-eyes proposal: it becomes the decision",
        description:
          "By another person than the proposer (403 SELF_APPROVAL for the proposer, whatever they hold). `decision.decidedBy` names the proposer, `decision.approvedBy` the approver. 409 NO_PROPOSAL when none is pending (declined, approved already). Of racing approvals and declines exactly one wins.",
        params: IdParams,
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => approveProposal(ctx, reviewer(request), request.params.id),
  );

  app.post(
    "/sessions/:id/proposal/decline",
    {
      config: access,
      schema: {
        tags: ["review"],
        operationId: "declineProposal",
        summary: "Decline (or, as its proposer, withdraw) a four-eyes proposal",
        description: "The session stays awaiting action; the proposal and the note go to its history.",
        params: IdParams,
        body: Type.Object(
          { note: Type.Optional(Note) },
          { additionalProperties: false, description: "optional: no body declines without a note" },
        ),
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404, 409) },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => declineProposal(ctx, reviewer(request), request.params.id, request.body.note),
  );

  app.post(
    "/sessions/:id/request-resubmission",
    {
      config: access,
      schema: {
        tags: ["review"],
        operationId: "requestResubmission",
        summary: "Ask the customer to try again",
        description:
          "A parked session becomes `resubmission_requested` (final for this attempt) and a `session.resubmission_requested` webhook is sent. The integrator's next submission of the same externalId with new data is accepted as attempt n + 1, linked both ways (`previousAttemptId`, `nextAttemptId`). `reason` is one of GET /v1/rejection-reasons.",
        params: IdParams,
        body: Type.Object({ reason: Reason, note: Type.Optional(Note) }, { additionalProperties: false }),
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => requestResubmission(ctx, reviewer(request), request.params.id, request.body),
  );

  app.post(
    "/sessions/:id/notes",
    {
      config: access,
      schema: {
        tags: ["review"],
        operationId: "addNote",
        summary: "Add a note to a session's history",
        params: IdParams,
        body: Type.Object({ text: Note }, { additionalProperties: false }),
        response: {
          201: Type.Object({ at: DateTime, text: Type.String(), by: Type.Ref(ActorSchema) }),
          ...errors(400, 401, 403, 404),
        },
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
        operationId: "listRejections",
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
        operationId: "listRejectionReasons",
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
