import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Context } from "../engine/context.js";
import { DomainError } from "../engine/errors.js";
import { sha256Hex } from "../engine/hash.js";
import { createRedis } from "../engine/redis.js";
import { bearerToken } from "./auth.js";

/** Whose budget a request spends: its bearer token's (hashed), or its IP's when it has none. */
function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request);
  return token ? `token:${sha256Hex(token).slice(0, 32)}` : `ip:${request.ip}`;
}

/**
 * Per-token rate limits over one window a minute, counted in Redis so that every API process
 * shares them. Its hook runs before authentication, so that floods cost no database look-up.
 * Redis answers fast or not at all here: during an outage, requests pass unlimited.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: Context }) => {
    if (ctx.config.rateLimitPerMinute === 0) return;
    const redis = createRedis(ctx.config, { failFast: true });
    redis.on("error", () => {}); // it reconnects by itself; meanwhile requests pass (skipOnError)
    redis.connect().catch(() => {});
    app.addHook("onClose", async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    await app.register(rateLimit, {
      global: false,
      max: ctx.config.rateLimitPerMinute,
      timeWindow: 60_000,
      redis,
      nameSpace: `${ctx.config.queuePrefix}:rate-limit:`,
      skipOnError: true,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, context) =>
        new DomainError(
          429,
          "RATE_LIMITED",
          `more than ${context.max} requests a minute with this token; retry in ${context.after}`,
        ),
    });
    app.addHook("onRequest", app.rateLimit());
  },
  { name: "verdict-rate-limit" },
);
