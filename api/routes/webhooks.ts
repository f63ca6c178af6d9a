import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { Context } from "../../engine/platform/context.js";
import { getDelivery, listDeliveries, redeliver } from "../../engine/webhooks/deliveries.js";
import { rotateSecret } from "../../engine/webhooks/endpoint.js";
import { caller, MASTER } from "../auth.js";
import { DateTime, errors, IdParams, Nullable, Page, PageQuery } from "../schemas.js";

const INTEGRATION = ["integrator", "master"] as const;

const DeliverySchema = Type.Object({
  id: Type.String(),
  eventId: Type.String({ description: "the webhook-id header, the same on every retry" }),
  type: Type.String({ description: "session.decided, session.awaiting_action or session.resolved" }),
  sessionId: Type.String(),
  status: Type.Union([Type.Literal("pending"), Type.Literal("delivered"), Type.Literal("failed")]),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  lastAttemptAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
});

export const webhookRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/webhook-deliveries",
    {
      config: { access: INTEGRATION },
      schema: {
        tags: ["webhooks"],
        operationId: "listWebhookDeliveries",
        summary: "Webhook deliveries, newest first",
        querystring: PageQuery({}),
        response: { 200: Page(DeliverySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => listDeliveries(ctx, caller(request).companyId, request.query),
  );

  app.get(
    "/webhook-deliveries/:id",
    {
      config: { access: INTEGRATION },
      schema: {
        tags: ["webhooks"],
        operationId: "getWebhookDelivery",
        summary: "One delivery, its payload and every attempt",
        params: IdParams,
        response: {
          200: Type.Object({
            ...DeliverySchema.properties,
            payload: Type.Unknown({ description: "the signed body: { type, timestamp, data: { session } }" }),
            attemptLog: Type.Array(
              Type.Object({
                at: DateTime,
                statusCode: Nullable(Type.Integer()),
                error: Nullable(Type.String()),
                durationMs: Type.Integer(),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => getDelivery(ctx, caller(request).companyId, request.params.id),
  );

  app.post(
    "/webhook-deliveries/:id/redeliver",
    {
      config: { access: INTEGRATION },
      schema: {
        tags: ["webhooks"],
        operationId: "redeliverWebhook",
        summary: "Send a delivery again (same webhook-id, a fresh retry window)",
        params: IdParams,
        response: {
          202: Type.Object({ id: Type.String(), status: Type.Literal("pending") }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      await redeliver(ctx, companyId, request.params.id, actor);
      return reply.code(202).send({ id: request.params.id, status: "pending" as const });
    },
  );

  app.post(
    "/webhook/rotate-secret",
    {
      config: { access: MASTER },
      schema: {
        tags: ["webhooks"],
        operationId: "rotateWebhookSecret",
        summary: "Make a new signing secret (shown once); the previous one keeps signing for 24 hours",
        response: {
          200: Type.Object({ secret: Type.String(), previousValidUntil: DateTime }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      return rotateSecret(ctx, companyId, actor);
    },
  );
};
