import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  type StreamLease,
  type StreamSlots,
  streamHolder,
  tooManyStreams,
} from "../../engine/announce/stream-slots.js";
import type { Context } from "../../engine/platform/context.js";
import { isAfter, type LiveEvent } from "../../engine/platform/live-events.js";
import { awaitingCount } from "../../engine/review/reviewer-actions.js";
import { ANY_ROLE, caller } from "../auth.js";
import { errors } from "../schemas.js";

const HEARTBEAT_MS = 15_000;

const frame = (event: LiveEvent) =>
  `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;

export const eventRoutes: FastifyPluginAsyncTypebox<{
  ctx: Context;
  slots: StreamSlots;
}> = async (app, { ctx, slots }) => {
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
        operationId: "streamEvents",
        summary: "Server-Sent Events for the caller's company",
        description:
          "`awaiting_action.count` ({ count }) whenever the count changes, and `session.updated` ({ id, externalId, status }) for each status change. The stream opens with the current count. Reconnect with Last-Event-ID to receive what was missed (the last 1000 events are kept). A comment line every 15 s keeps idle connections open. One key holds at most 20 open streams (429 TOO_MANY_STREAMS beyond); a stream whose client does not read fast enough is ended, and the client reconnects with Last-Event-ID.",
        headers: Type.Object({
          "last-event-id": Type.Optional(Type.String({ pattern: "^\\d{1,15}-\\d{1,10}$" })),
        }),
        response: { 200: Type.String({ description: "text/event-stream" }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { companyId } = caller(request);
      const raw = reply.raw;
      let lease: StreamLease | undefined;
      let stop: (() => void) | undefined;
      let heartbeat: NodeJS.Timeout | undefined;
      let ended = false;
      // `destroy` frees at once what the socket holds unsent, which a client that reads nothing never takes
      const end = ({ destroy = false } = {}) => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        stop?.();
        open.delete(end);
        ctx.metrics.eventStreams.dec();
        void lease?.release();
        if (destroy) raw.destroy();
        else raw.end();
      };
      const write = (text: string) => {
        if (ended) return;
        raw.write(text);
        if (raw.writableLength <= ctx.config.eventStreamBufferBytes) return;
        // the client does not keep up; it may reconnect with Last-Event-ID and have the rest replayed
        ctx.metrics.eventStreamsDropped.inc();
        request.log.info(
          { unsentBytes: raw.writableLength },
          "dropped an event stream whose client does not read",
        );
        end({ destroy: true });
      };

      lease = await slots.acquire(streamHolder(request.principal), () => end());
      if (!lease) throw tooManyStreams(slots.limit);
      ctx.metrics.eventStreams.inc();
      open.add(end);
      reply.hijack();
      raw.on("close", () => end());
      if (raw.destroyed) return end(); // the client left while its slot was being taken
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
        write(frame(event));
      };
      stop = await ctx.live.listen(companyId, (event) => (held ? held.push(event) : send(event)));
      if (ended) return stop();
      heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);

      write(
        `event: awaiting_action.count\ndata: ${JSON.stringify({ count: await awaitingCount(ctx.pool, companyId) })}\n\n`,
      );
      if (last) for (const event of await ctx.live.replay(companyId, last)) send(event);
      for (const event of held) send(event);
      held = undefined;
    },
  );
};
