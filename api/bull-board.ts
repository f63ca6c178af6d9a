import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { authenticate } from "../engine/companies/keys.js";
import type { Context } from "../engine/platform/context.js";
import { bearerToken } from "./auth.js";
import { sendError } from "./error-handler.js";

export const BULL_BOARD_PATH = "/admin/queues";

/** The bearer token, or the password of basic auth (so that a browser can open the board). */
function presentedToken(request: FastifyRequest): string | undefined {
  const bearer = bearerToken(request);
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1);
}

/**
 * Bull Board with every Verdict queue, for the operator token only. Registered as its own
 * encapsulated plugin, so its auth hook covers the board's page, assets and API, and nothing else.
 */
export async function bullBoardPlugin(app: FastifyInstance, { ctx }: { ctx: Context }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: Object.values(ctx.queues).map(
      (queue) => new BullMQAdapter(queue, { readOnlyMode: ctx.config.bullBoardReadOnly }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: "Verdict" } },
  });
  app.addHook("onRequest", async (request, reply) => {
    const token = presentedToken(request);
    const principal = token ? await authenticate(ctx, token) : undefined;
    if (principal?.kind !== "operator") {
      // answered here, not thrown: Bull Board's own error handler would answer it in its shape
      reply.header("www-authenticate", 'Basic realm="Verdict operator", charset="UTF-8"');
      return sendError(
        reply,
        401,
        "UNAUTHORIZED",
        "Bull Board needs the operator token (bearer, or basic auth with it as the password)",
      );
    }
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
}
