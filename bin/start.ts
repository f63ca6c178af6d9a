import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../api/app.js";
import { ensureOperatorToken, type OperatorToken } from "../engine/companies/operator-token.js";
import { StartupError } from "../engine/kernel/errors.js";
import { settleWithin } from "../engine/kernel/settle-within.js";
import type { Config } from "../engine/platform/config.js";
import { type Context, closeContext, openContext } from "../engine/platform/context.js";
import type { Logger } from "../engine/platform/logger.js";
import { keepMaintenanceScheduled } from "../engine/platform/schedules.js";
import { startWorkers, type Workers } from "../workers/index.js";

export interface Verdict {
  ctx: Context;
  app?: FastifyInstance;
  workers?: Workers;
  /** `http://host:port` the API listens at (the real port when PORT is 0). */
  address?: string;
  /** Which operator token the API takes (when it runs): configured, made by this start, or kept. */
  operatorToken?: OperatorToken;
  /**
   * Stops taking work (new requests answer 503), lets running requests and jobs finish for up to
   * `VERDICT_SHUTDOWN_TIMEOUT_MS`, then closes every connection. Answers false when something was
   * still running at that deadline: its jobs go to other workers once their locks expire.
   */
  close(): Promise<boolean>;
}

/** The composition root: config → Postgres and Redis → queues → the API and/or the workers. */
export async function startVerdict(config: Config, logger: Logger): Promise<Verdict> {
  const ctx = await openContext(config, logger);
  let workers: Workers | undefined;
  let app: FastifyInstance | undefined;
  let operatorToken: OperatorToken | undefined;
  let address: string | undefined;
  let metricsServer: Server | undefined;
  try {
    workers = config.role === "api" ? undefined : await startWorkers(ctx);
    app = config.role === "worker" ? undefined : await buildApp(ctx);
    operatorToken = app ? await ensureOperatorToken(ctx) : undefined;
    if (app) {
      await listen(app, config);
      address = urlOf(app.server.address() as AddressInfo);
    }
    metricsServer = !app && config.metricsPort !== undefined ? await serveMetrics(ctx, config) : undefined;
  } catch (error) {
    // what started stops again, the embedded Postgres too
    await app?.close().catch(() => {});
    await workers?.close().catch(() => {});
    await closeContext(ctx).catch(() => {});
    throw error;
  }
  // workers keep the schedulers themselves; an API alone keeps them too, so that they come back
  // after a flush even while no worker runs
  const stopScheduling = workers ? undefined : keepMaintenanceScheduled(ctx);
  let closing: Promise<boolean> | undefined;
  return {
    ctx,
    app,
    workers,
    address,
    operatorToken,
    close() {
      closing ??= (async () => {
        if (app) app.draining = true;
        const drained = await settleWithin(
          Promise.all([app?.close(), workers?.close()]),
          config.shutdownTimeoutMs,
        ).then(
          () => true,
          () => false,
        );
        if (!drained) {
          logger.warn(
            `work still running after VERDICT_SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms): ` +
              "stopping anyway; other workers take over its jobs once their locks expire",
          );
        }
        stopScheduling?.();
        await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
        await closeContext(ctx);
        return drained;
      })();
      return closing;
    },
  };
}

/** Listens at HOST:PORT; a port that is taken, or an address not this machine's, is said in one line. */
async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new StartupError(
        `port ${config.port} on ${config.host} is in use: stop what listens there, or set PORT`,
      );
    }
    if (code === "EADDRNOTAVAIL" || code === "EACCES") {
      throw new StartupError(`cannot listen at ${config.host}:${config.port} (${code}): set HOST and PORT`);
    }
    throw error;
  }
}

const urlOf = (address: AddressInfo) =>
  `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;

/** A worker-only process's `/metrics` (its decisions, its event loop) and `/healthz`. */
async function serveMetrics(ctx: Context, config: Config): Promise<Server> {
  const server = createServer((request, response) => {
    const path = request.url?.split("?")[0];
    if (path === "/metrics") {
      ctx.metrics.registry.metrics().then(
        (text) => response.writeHead(200, { "content-type": ctx.metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else if (path === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.metricsPort, config.host, () => resolve());
  });
  ctx.logger.info(`worker metrics at ${urlOf(server.address() as AddressInfo)}/metrics`);
  return server;
}
