import type { FastifyInstance } from "fastify";
import { buildApp } from "../api/app.js";
import type { Config } from "../engine/config.js";
import { type Context, closeContext, openContext } from "../engine/context.js";
import type { Logger } from "../engine/logger.js";
import { startWorkers, type Workers } from "../workers/index.js";

export interface Verdict {
  ctx: Context;
  app?: FastifyInstance;
  workers?: Workers;
  /** Stops taking work, lets running requests and jobs finish, then closes every connection. */
  close(): Promise<void>;
}

/** The composition root: config → Postgres and Redis → queues → the API and/or the workers. */
export async function startVerdict(config: Config, logger: Logger): Promise<Verdict> {
  const ctx = await openContext(config, logger);
  const workers = config.role === "api" ? undefined : await startWorkers(ctx);
  const app = config.role === "worker" ? undefined : await buildApp(ctx);
  if (app) await app.listen({ port: config.port, host: config.host });
  return {
    ctx,
    app,
    workers,
    async close() {
      await app?.close();
      await workers?.close();
      await closeContext(ctx);
    },
  };
}
