#!/usr/bin/env -S npx tsx
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  operatorTokenFile,
  readOperatorTokenFile,
  rotateOperatorToken,
} from "../engine/companies/operator-token.js";
import { errorMessage, StartupError } from "../engine/kernel/errors.js";
import { type Config, ConfigError, loadConfig } from "../engine/platform/config.js";
import { createLogger } from "../engine/platform/logger.js";
import { withMigratedDatabase } from "../engine/platform/migrate.js";
import { banner } from "./commands/banner.js";
import { CommandError } from "./commands/client.js";
import { companiesCommand } from "./commands/companies.js";
import { demoCommand } from "./commands/demo.js";
import { countRefused, formatSummary, submitFile } from "./commands/submit.js";
import { usersCommand } from "./commands/users.js";
import { startVerdict } from "./start.js";

const USAGE = `verdict — decides identity-verification sessions

Usage:
  verdict start                     run what VERDICT_ROLE says (default: the API, the workers and Bull Board)
  verdict worker                    run workers only (as VERDICT_ROLE=worker)
  verdict migrate                   create the database if missing and apply its migrations
  verdict companies create NAME     create a company; prints its id and master key
  verdict users create --company ID --email EMAIL --name NAME --role master|agent
                                    create a user of the console; prints a generated password once
  verdict operator-token rotate     replace the generated operator token; prints the new one (the old stops working)
  verdict submit FILE.jsonl --key KEY [--url URL] [--concurrency 4] [--no-wait] [--wait-seconds 300]
                                    stream a file of { externalId, data } lines to a running Verdict
                                    in batches of 1000, then print the outcomes; safe to re-run
  verdict demo [--url URL] [--operator-token TOKEN] [--sessions 3000]
                                    create a demo company and keys on a running Verdict, submit
                                    realistic sessions, and show what happened

--url defaults to http://HOST:PORT (http://127.0.0.1:3000); the operator token to VERDICT_OPERATOR_TOKEN.
Configuration is read from the environment; see the README.`;

async function run(config: Config): Promise<void> {
  // on a terminal an API's banner says what matters, and the log only what goes wrong
  const onTerminal = process.stdout.isTTY === true && config.role !== "worker";
  const logger = createLogger(onTerminal && config.logLevel === "info" ? "warn" : config.logLevel);
  const verdict = await startVerdict(config, logger);
  const { address, operatorToken } = verdict;
  if (address && operatorToken && onTerminal) {
    process.stdout.write(
      banner({
        address,
        embeddedPostgresDir: verdict.ctx.database.embedded ? join(config.dataDir, "postgres") : undefined,
        broker: verdict.ctx.broker.kind,
        operatorToken,
      }),
    );
  } else {
    if (address) logger.info(`Verdict is listening at ${address} — API docs at ${address}/docs`);
    if (verdict.workers)
      logger.info(`workers are running (${config.role === "worker" ? "worker only" : "with the API"})`);
    if (operatorToken?.kind === "created") {
      logger.warn(
        `No VERDICT_OPERATOR_TOKEN was set; the operator token made now (printed this once, kept in ${operatorTokenFile(config)}) is ${operatorToken.token}`,
      );
    } else if (operatorToken?.kind === "kept") {
      logger.info(
        `the operator token is in ${operatorToken.file}; replace it with: npx verdict operator-token rotate`,
      );
    }
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
  const refused = countRefused(summary);
  if (refused > 0) {
    console.error(
      `verdict: ${refused.toLocaleString("en")} ${refused === 1 ? "line was" : "lines were"} refused (see the lines named above)`,
    );
    process.exitCode = 1;
  }
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
    values["operator-token"] ?? config.operatorToken ?? (await readOperatorTokenFile(config));
  if (!operatorToken) {
    throw new CommandError(
      `the demo needs the operator token of the running Verdict: pass --operator-token, set VERDICT_OPERATOR_TOKEN, or start Verdict here first (it keeps its token in ${operatorTokenFile(config)})`,
    );
  }
  await demoCommand({
    url: values.url ?? defaultUrl(config),
    operatorToken,
    sessions: positiveInteger(values.sessions, "--sessions"),
  });
}

/** `verdict operator-token rotate`: a new generated operator token, printed once; the old one stops working. */
async function operatorTokenCommand(config: Config, args: string[]): Promise<void> {
  if (args[0] !== "rotate" || args.length > 1) throw new CommandError("usage: verdict operator-token rotate");
  if (config.operatorToken) {
    throw new CommandError(
      "VERDICT_OPERATOR_TOKEN is set: the operator token is that one; change the variable instead",
    );
  }
  const token = await withMigratedDatabase(config, createLogger("warn"), (pool) =>
    rotateOperatorToken({ pool, config }),
  );
  console.log(`operator token ${token}   (kept for this machine in ${operatorTokenFile(config)})`);
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
      const applied = await withMigratedDatabase(
        config,
        createLogger(config.logLevel),
        async (_pool, applied) => applied,
      );
      console.log(applied.length ? `applied ${applied.join(", ")}` : "the database is up to date");
      return;
    }
    case "companies":
      return companiesCommand(loadConfig(), args);
    case "users":
      return usersCommand(loadConfig(), args);
    case "operator-token":
      return operatorTokenCommand(loadConfig(), args);
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
    error instanceof StartupError ||
    error instanceof CommandError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`verdict: ${(error as Error).message}`);
  } else {
    console.error("verdict: failed:", error);
  }
  process.exit(1);
});
