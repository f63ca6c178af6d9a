import helmet from "@fastify/helmet";
import underPressure from "@fastify/under-pressure";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { DomainError } from "../engine/kernel/errors.js";
import type { Context } from "../engine/platform/context.js";
import { RETRY_AFTER_SECONDS, sendError } from "./error-handler.js";

declare module "fastify" {
  interface FastifyInstance {
    /** True once the process is stopping: new requests answer 503, `/readyz` too; `/healthz` answers. */
    draining: boolean;
  }
}

/** Answered even while stopping or overloaded: what load balancers and Prometheus poll. */
const ALWAYS_ANSWERED = new Set(["/healthz", "/readyz", "/metrics"]);
/** Pages people open in a browser (Swagger UI, Bull Board): they get a CSP that lets them render. */
const BROWSER_PAGES = /^\/(docs|admin\/queues)(\/|$)/;

/** The console: its own scripts, styles and images only, and calls to its own origin. */
const CONSOLE_PAGES = /^\/console(\/|$)/;
const CONSOLE_POLICY = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

const pathOf = (request: FastifyRequest) => request.url.split("?")[0] ?? "";

/**
 * What an operator needs around every route: a 503 for new requests once the process stops, load
 * shedding under event-loop pressure, security headers, and the HTTP latency metric. Registered
 * before any route, so that it covers them all.
 */
export const operationsPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: Context }) => {
    app.decorate("draining", false);
    app.addHook("onRequest", async (request, reply) => {
      if (!app.draining || ALWAYS_ANSWERED.has(pathOf(request))) return;
      reply.header("connection", "close").header("retry-after", RETRY_AFTER_SECONDS);
      return sendError(reply, 503, "SHUTTING_DOWN", "this Verdict process is stopping; retry shortly");
    });

    app.addHook("onResponse", async (request, reply) => {
      const route = request.is404 ? "unmatched" : (request.routeOptions.url ?? "unmatched");
      ctx.metrics.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    if (ctx.config.maxEventLoopDelayMs > 0) {
      await app.register(underPressure, {
        maxEventLoopDelay: ctx.config.maxEventLoopDelayMs,
        pressureHandler: (request, reply, type) => {
          if (ALWAYS_ANSWERED.has(pathOf(request))) return;
          reply.header("retry-after", RETRY_AFTER_SECONDS);
          return Promise.reject(
            new DomainError(503, "OVERLOADED", `Verdict is overloaded (${type}); retry shortly`),
          );
        },
      });
    }

    // The API answers JSON: nothing in it may load or frame anything. The browser pages get
    // Helmet's default policy kept to Verdict's own origin (no request leaves for the internet),
    // without upgrade-insecure-requests (Verdict is often reached over
    // plain HTTP on a private network, where that would break their assets). This hook must come
    // before Helmet's own, which reads `route.helmet`.
    app.addHook("onRoute", (route) => {
      if (CONSOLE_PAGES.test(route.url)) {
        route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: CONSOLE_POLICY } };
      } else if (BROWSER_PAGES.test(route.url)) {
        route.helmet = {
          contentSecurityPolicy: {
            useDefaults: true,
            directives: {
              "upgrade-insecure-requests": null,
              // their own files only: Bull Board's page links a web font, which is left to fall back
              "style-src": ["'self'", "'unsafe-inline'"],
              "font-src": ["'self'", "data:"],
            },
          },
        };
      }
    });
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"] },
      },
    });
  },
  { name: "verdict-operations" },
);
