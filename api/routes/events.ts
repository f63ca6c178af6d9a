import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { Context } from "../../engine/context.js";
import { isAfter, type LiveEvent, type LiveHub, replayLive } from "../../engine/live-events.js";
import { awaitingCount } from "../../engine/review.js";
import { ANY_ROLE, caller } from "../auth.js";
import { errors } from "../schemas.js";

const HEARTBEAT_MS = 15_000;

const frame = (event: LiveEvent) =>
  `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;

export const eventRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; hub: LiveHub }> = async (
  app,
  { ctx, hub },
) => {
  // Streams never end by themselves: end them when the server closes, or closing would wait forever.
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get(
    "/events",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["live"],
        summary: "Server-Sent Events for the caller's company",
        description:
          "`awaiting_action.count` ({ count }) whenever the count changes, and `session.updated` ({ id, externalId, status }) for each status change. The stream opens with the current count. Reconnect with Last-Event-ID to receive what was missed (the last 1000 events are kept). A comment line every 15 s keeps idle connections open.",
        headers: Type.Object({
          "last-event-id": Type.Optional(Type.String({ pattern: "^\\d{1,15}-\\d{1,10}$" })),
        }),
        response: { 200: Type.String({ description: "text/event-stream" }), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { companyId } = caller(request);
      const raw = reply.raw;
      reply.hijack();
      raw.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });

      // Listen first and hold live events while the missed ones are replayed, so none falls between.
      let last = request.headers["last-event-id"];
      let held: LiveEvent[] | undefined = [];
      const send = (event: LiveEvent) => {
        if (last && !isAfter(event.id, last)) return;
        last = event.id;
        raw.write(frame(event));
      };
      const stop = await hub.listen(companyId, (event) => (held ? held.push(event) : send(event)));
      const heartbeat = setInterval(() => raw.write(": heartbeat\n\n"), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        stop();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.on("close", end);

      raw.write(
        `event: awaiting_action.count\ndata: ${JSON.stringify({ count: await awaitingCount(ctx.pool, companyId) })}\n\n`,
      );
      if (last)
        for (const event of await replayLive(ctx.redis, ctx.config.queuePrefix, companyId, last)) send(event);
      for (const event of held) send(event);
      held = undefined;
    },
  );
};
