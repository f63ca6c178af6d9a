import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { Context } from "../../engine/platform/context.js";
import { checkReadiness } from "../../engine/platform/readiness.js";

export const healthRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/healthz",
    {
      schema: {
        tags: ["operations"],
        operationId: "getHealth",
        summary: "200 while the process runs",
        response: { 200: Type.Object({ status: Type.Literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  const Readiness = Type.Object({
    status: Type.Union([Type.Literal("ready"), Type.Literal("unavailable")]),
    redis: Type.Boolean({
      description: "whether the broker answers: Redis, or, without REDIS_URL, the queues' Postgres",
    }),
    postgres: Type.Boolean(),
    stopping: Type.Optional(Type.Boolean({ description: "true once the process is shutting down" })),
  });
  app.get(
    "/readyz",
    {
      schema: {
        tags: ["operations"],
        operationId: "getReadiness",
        summary:
          "200 when the broker (Redis, or the queues' Postgres) and Postgres answer, else 503 (503 too once the process is stopping)",
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const checks = await checkReadiness(ctx);
      if (app.draining) return reply.code(503).send({ status: "unavailable", ...checks, stopping: true });
      const ready = checks.redis && checks.postgres;
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "unavailable", ...checks });
    },
  );
};
