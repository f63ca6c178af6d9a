import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { openStreamSlots } from "../engine/announce/stream-slots.js";
import { badRequest } from "../engine/kernel/errors.js";
import { findUnstorableText } from "../engine/kernel/unstorable-text.js";
import type { Config } from "../engine/platform/config.js";
import type { Context } from "../engine/platform/context.js";
import { authPlugin } from "./auth.js";
import { bullBoardPlugin } from "./bull-board.js";
import { consolePlugin } from "./console.js";
import { installErrorHandler } from "./error-handler.js";
import { openapiOptions } from "./openapi.js";
import { operationsPlugin } from "./operations.js";
import { rateLimitPlugin } from "./rate-limit.js";
import { activityRoutes } from "./routes/activity.js";
import { companyRoutes } from "./routes/companies.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { eventRoutes } from "./routes/events.js";
import { exportRoutes } from "./routes/exports.js";
import { healthRoutes } from "./routes/health.js";
import { keyRoutes } from "./routes/keys.js";
import { liquidationRoutes } from "./routes/liquidation.js";
import { mediaRoutes } from "./routes/media.js";
import { metricsRoutes } from "./routes/metrics.js";
import { reviewRoutes } from "./routes/review.js";
import { ruleLabRoutes } from "./routes/rule-lab.js";
import { ruleRoutes } from "./routes/rules.js";
import { sessionRoutes } from "./routes/sessions.js";
import { settingsRoutes } from "./routes/settings.js";
import { signInRoutes } from "./routes/sign-in.js";
import { userRoutes } from "./routes/users.js";
import { webhookRoutes } from "./routes/webhooks.js";
import { ActorSchema, ErrorSchema } from "./schemas.js";
import { validatorCompiler } from "./validator.js";

/** Fastify takes a number of hops too, but its types do not say so: the function it makes of one. */
function fastifyTrustProxy(
  trust: Config["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === "number" ? (_address, hop) => hop < trust : trust;
}

/** The Verdict HTTP API as a Fastify instance, not yet listening; tests call `inject` on it. */
export async function buildApp(ctx: Context): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    requestIdHeader: "x-request-id",
    genReqId: () => crypto.randomUUID(),
    // while closing, requests on open connections reach our own 503 (api/operations.ts), in the contract's shape
    return503OnClosing: false,
    // behind proxies (VERDICT_TRUST_PROXY), request.ip is the client's, which rate limits count by
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
  });
  app.setValidatorCompiler(validatorCompiler);
  // every body is JSON (media uploads bring their own parser): plain text answers 415, naming JSON
  app.removeContentTypeParser("text/plain");
  installErrorHandler(app);
  app.addSchema(ErrorSchema);
  app.addSchema(ActorSchema);
  // before any route: 503 while stopping, load shedding, security headers, HTTP metrics
  await app.register(operationsPlugin, { ctx });
  // Postgres stores no NUL characters or unpaired surrogates: refuse them up front, naming where.
  app.addHook("preValidation", async (request) => {
    const where =
      findUnstorableText(request.body, "body") ?? findUnstorableText(request.query, "querystring");
    if (where)
      throw badRequest(
        "VALIDATION_ERROR",
        `${where}: must not contain NUL characters or unpaired surrogates`,
      );
  });

  await app.register(swagger, openapiOptions(ctx.config));
  // validatorUrl: null, so that the page asks no one on the internet about the document
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { validatorUrl: null } });

  const slots = openStreamSlots(
    ctx.broker,
    ctx.config.queuePrefix,
    ctx.config.eventStreamsPerKey,
    ctx.config.eventStreamLeaseMs,
  );
  app.addHook("onClose", () => slots.close());

  await app.register(cookie); // the console's sign-in
  await app.register(healthRoutes, { ctx });
  await app.register(metricsRoutes, { ctx });
  await app.register(bullBoardPlugin, { ctx });
  await app.register(consolePlugin);
  await app.register(
    async (v1) => {
      await v1.register(rateLimitPlugin, { ctx }); // before auth: a flood of bad tokens costs no database look-up
      await v1.register(authPlugin, { ctx });
      await v1.register(companyRoutes, { ctx });
      await v1.register(keyRoutes, { ctx });
      await v1.register(signInRoutes, { ctx });
      await v1.register(userRoutes, { ctx });
      await v1.register(settingsRoutes, { ctx });
      await v1.register(ruleRoutes, { ctx });
      await v1.register(ruleLabRoutes, { ctx });
      await v1.register(sessionRoutes, { ctx });
      await v1.register(reviewRoutes, { ctx });
      await v1.register(exportRoutes, { ctx });
      await v1.register(liquidationRoutes, { ctx });
      await v1.register(mediaRoutes, { ctx });
      await v1.register(activityRoutes, { ctx });
      await v1.register(dashboardRoutes, { ctx });
      await v1.register(webhookRoutes, { ctx });
      await v1.register(eventRoutes, { ctx, slots });
    },
    { prefix: "/v1" },
  );
  return app;
}
