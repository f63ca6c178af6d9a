import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Context } from "../../engine/platform/context.js";

/** Prometheus text, public like /healthz: scrape it over a private network. */
export const metricsRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/metrics",
    {
      schema: {
        tags: ["operations"],
        operationId: "getMetrics",
        summary: "Prometheus metrics: queue depths, intake and decisions, latencies, event-loop lag",
        security: [],
        produces: ["text/plain"],
      },
    },
    async (_request, reply) => {
      const text = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).header("cache-control", "no-store").send(text);
    },
  );
};
