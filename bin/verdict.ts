#!/usr/bin/env -S npx tsx
import { parseArgs } from "node:util";
import { errorMessage } from "../engine/kernel/errors.js";
import { type Config, ConfigError, loadConfig } from "../engine/platform/config.js";
import { UnreachableError } from "../engine/platform/context.js";
import { createPool } from "../engine/platform/db.js";
import { createLogger } from "../engine/platform/logger.js";
import { ensureDatabase, migrate } from "../engine/platform/migrate.js";
import { CommandError } from "./commands/client.js";
import { companiesCommand } from "./commands/companies.js";
import { demoCommand } from "./commands/demo.js";
import { formatSummary, submitFile } from "./commands/submit.js";
import { startVerdict } from "./start.js";

const USAGE = `verdict — decides identity-verification sessions

Usage:
  verdict start                     run what VERDICT_ROLE says (default: the API, the workers and Bull Board)
  verdict worker                    run workers only (as VERDICT_ROLE=worker)
  verdict migrate                   create the database if missing and apply its migrations
  verdict companies create NAME     create a company; prints its id and master key
  verdict submit FILE.jsonl --key KEY [--url URL] [--concurrency 4] [--no-wait] [--wait-seconds 300]
                                    stream a file of { externalId, data } lines to a running Verdict
                                    in batches of 1000, then print the outcomes; safe to re-run
  verdict demo [--url URL] [--operator-token TOKEN] [--sessions 3000]
                                    create a demo company and keys on a running Verdict, submit
                                    realistic sessions, and show what happened

--url defaults to http://HOST:PORT (http://127.0.0.1:3000); the operator token to VERDICT_OPERATOR_TOKEN.
Configuration is read from the environment; see the README.`;

async function run(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const verdict = await startVerdict(config, logger);
  if (verdict.address) {
    logger.info(`Verdict is listening at ${verdict.address} — API docs at ${verdict.address}/docs`);
  }
  if (verdict.workers)
    logger.info(`workers are running (${config.role === "worker" ? "worker only" : "with the API"})`);
  if (config.operatorTokenGenerated && verdict.address) {
    logger.warn(
      `No VERDICT_OPERATOR_TOKEN was set; this run's operator token is ${config.operatorToken} — create a company with: curl -X POST ${verdict.address}/v1/companies -H 'Authorization: Bearer ${config.operatorToken}' -H 'Content-Type: application/json' -d '{"name":"Acme"}'`,
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
      (drained) => {
        logger.info(drained ? "stopped" : "stopped, leaving unfinished jobs to other workers");
        process.exit(drained ? 0 : 1);
      },
      (error) => {
        logger.error({ err: errorMessage(error) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** Where a running Verdict answers, by default: this machine's HOST and PORT. */
function defaultUrl(config: Config): string {
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new CommandError(`${name} must be a positive integer`);
  return parsed;
}

async function submit(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: "string" },
      url: { type: "string" },
      concurrency: { type: "string" },
      "no-wait": { type: "boolean" },
      "wait-seconds": { type: "string" },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1 || !values.key) {
    throw new CommandError("usage: verdict submit FILE.jsonl --key KEY [--url URL]");
  }
  const summary = await submitFile(file, {
    url: values.url ?? defaultUrl(loadConfig()),
    key: values.key,
    concurrency: positiveInteger(values.concurrency, "--concurrency"),
    wait: !values["no-wait"],
    waitSeconds: positiveInteger(values["wait-seconds"], "--wait-seconds"),
  });
  console.log(formatSummary(summary, file));
}

async function demo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string" },
      "operator-token": { type: "string" },
      sessions: { type: "string" },
    },
  });
  const config = loadConfig();
  const operatorToken =
    values["operator-token"] ?? (config.operatorTokenGenerated ? undefined : config.operatorToken);
  if (!operatorToken) {
    throw new CommandError(
      "the demo needs the operator token of the running Verdict: set VERDICT_OPERATOR_TOKEN or pass --operator-token",
    );
  }
  await demoCommand({
    url: values.url ?? defaultUrl(config),
    operatorToken,
    sessions: positiveInteger(values.sessions, "--sessions"),
  });
}

async function main(argv: string[]): Promise<void> {
  const [command = "start", ...args] = argv;
  switch (command) {
    case "start":
      return run(loadConfig());
    case "worker":
      return run(loadConfig({ ...process.env, VERDICT_ROLE: "worker" }));
    case "migrate": {
      const config = loadConfig();
      await ensureDatabase(config.databaseUrl);
      const pool = createPool(config.databaseUrl, config.databasePoolSize);
      const applied = await migrate(pool).finally(() => pool.end());
      console.log(applied.length ? `applied ${applied.join(", ")}` : "the database is up to date");
      return;
    }
    case "companies":
      return companiesCommand(loadConfig(), args);
    case "submit":
      return submit(args);
    case "demo":
      return demo(args);
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
  if (
    error instanceof ConfigError ||
    error instanceof UnreachableError ||
    error instanceof CommandError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`verdict: ${(error as Error).message}`);
  } else {
    console.error("verdict: failed:", error);
  }
  process.exit(1);
});
