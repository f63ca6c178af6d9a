#!/usr/bin/env -S npx tsx
import { type Config, ConfigError, loadConfig } from "../engine/config.js";
import { UnreachableError } from "../engine/context.js";
import { createPool } from "../engine/db.js";
import { errorMessage } from "../engine/errors.js";
import { createLogger } from "../engine/logger.js";
import { ensureDatabase, migrate } from "../engine/migrate.js";
import { startVerdict } from "./start.js";

const USAGE = `verdict — decides identity-verification sessions

Usage:
  verdict start      run what VERDICT_ROLE says (default: the API, the workers and Bull Board)
  verdict worker     run workers only (as VERDICT_ROLE=worker)
  verdict migrate    create the database if missing and apply its migrations

Configuration is read from the environment; see the README.`;

async function run(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const verdict = await startVerdict(config, logger);
  const address = `http://${config.host}:${config.port}`;
  if (verdict.app) {
    logger.info(`Verdict is listening at ${address} — API docs at ${address}/docs`);
  }
  if (verdict.workers)
    logger.info(`workers are running (${config.role === "worker" ? "worker only" : "with the API"})`);
  if (config.operatorTokenGenerated && verdict.app) {
    logger.warn(
      `No VERDICT_OPERATOR_TOKEN was set; this run's operator token is ${config.operatorToken} — create a company with: curl -X POST ${address}/v1/companies -H 'Authorization: Bearer ${config.operatorToken}' -H 'Content-Type: application/json' -d '{"name":"Acme"}'`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: finishing running work, then stopping (send it again to force)`);
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs + 5000);
    force.unref();
    verdict.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: errorMessage(error) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

async function main(argv: string[]): Promise<void> {
  const [command = "start"] = argv;
  switch (command) {
    case "start":
      return run(loadConfig());
    case "worker":
      return run(loadConfig({ ...process.env, VERDICT_ROLE: "worker" }));
    case "migrate": {
      const config = loadConfig();
      await ensureDatabase(config.databaseUrl);
      const pool = createPool(config.databaseUrl);
      const applied = await migrate(pool).finally(() => pool.end());
      console.log(applied.length ? `applied ${applied.join(", ")}` : "the database is up to date");
      return;
    }
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    default:
      console.error(`verdict: unknown command "${command}"\n\n${USAGE}`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UnreachableError) {
    console.error(`verdict: ${error.message}`);
  } else {
    console.error("verdict: failed to start:", error);
  }
  process.exit(1);
});
