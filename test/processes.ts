import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestVerdict } from "./helpers.js";
import { waitFor } from "./helpers.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const run = promisify(execFile);

/** A child process of a test, with its output kept for assertions and for failure messages. */
export interface Child {
  process: ChildProcess;
  pid: number;
  /** stdout and stderr, as they came. */
  output(): string;
  /** Resolves when the output matches `pattern`; fails when the process exits first or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

const children = new Set<Child>();
// A test process that exits (a crash, a timed-out run) takes its children with it.
process.once("exit", () => {
  for (const child of children) child.process.kill("SIGKILL");
});

/** Starts a child process; `killChildren` (in `afterAll`) ends any still running. */
export function spawnChild(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): Child {
  const process_ = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  process_.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  process_.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exitState: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    process_.on("exit", (code, signal) => {
      exitState = { code, signal };
      resolve(exitState);
    });
  });
  const child: Child = {
    process: process_,
    pid: process_.pid ?? -1,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      await waitFor(
        () => {
          if (pattern.test(output)) return true;
          if (exitState) throw new Error(`${command} exited (${JSON.stringify(exitState)}):\n${output}`);
          return false;
        },
        timeoutMs,
        `${pattern} in the output of ${command} ${args.join(" ")}; so far:\n${output.slice(-3000)}`,
      );
    },
    exited,
    kill(signal = "SIGTERM") {
      if (!exitState) process_.kill(signal);
    },
  };
  children.add(child);
  void exited.then(() => children.delete(child));
  return child;
}

/** Kills every child still running and waits for them to exit. */
export async function killChildren(): Promise<void> {
  await Promise.all(
    [...children].map((child) => {
      child.kill("SIGKILL");
      return child.exited;
    }),
  );
}

/**
 * `verdict ARGS…` as a real process (node with tsx, no npx in between: signals reach it), from
 * this checkout or the one at `root`.
 */
export function spawnVerdict(args: string[], env: Record<string, string>, root = ROOT): Child {
  return spawnChild(process.execPath, ["--import", "tsx", join(root, "bin/verdict.ts"), ...args], env, root);
}

/** The environment that points a child Verdict at a test Verdict's database, Redis and queues. */
export function childEnv(verdict: TestVerdict, extra: Record<string, string> = {}): Record<string, string> {
  const { config } = verdict;
  return {
    DATABASE_URL: verdict.ctx.database.url,
    REDIS_URL: config.redisUrl ?? "",
    REDIS_CLUSTER_NODES: config.redisClusterNodes?.map((n) => `${n.host}:${n.port}`).join(",") ?? "",
    VERDICT_QUEUE_PREFIX: config.queuePrefix.replace(/^\{|\}$/g, ""),
    VERDICT_OPERATOR_TOKEN: config.operatorToken ?? "",
    VERDICT_RECONCILE_AFTER_MS: String(config.reconcileAfterMs),
    VERDICT_RECONCILE_EVERY_MS: String(config.reconcileEveryMs),
    VERDICT_DECIDE_BATCH_SIZE: String(config.decideBatchSize),
    // the same file store as the test's own Verdict (a directory one; an S3 one is the caller's to pass)
    ...(config.fileStore.kind === "directory" ? { VERDICT_FILE_STORE: config.fileStore.root } : {}),
    LOG_LEVEL: "info",
    // like test Verdicts, child processes do not shed load: a busy test machine lags
    VERDICT_MAX_EVENT_LOOP_DELAY_MS: String(config.maxEventLoopDelayMs),
    PORT: "0",
    ...extra,
  };
}

/** A TCP port free on loopback now (and, with `withBus`, port + 10000 too, for Redis Cluster). */
export async function freePort(withBus = false): Promise<number> {
  for (;;) {
    const port = withBus ? 20_000 + Math.floor(Math.random() * 20_000) : await listenOn(0);
    if (!withBus) return port;
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : port));
    });
  });
}

const isFree = (port: number) =>
  listenOn(port).then(
    () => true,
    () => false,
  );

/** Whether `redis-server` and `redis-cli` are on the PATH. */
export async function haveRedisBinaries(): Promise<boolean> {
  try {
    await run("redis-server", ["--version"]);
    await run("redis-cli", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/** A private, throw-away redis-server on loopback `port` (nothing saved to disk). */
export async function startRedisServer(port: number, extraArgs: string[] = []): Promise<Child> {
  const server = spawnChild("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "no",
    ...extraArgs,
  ]);
  await waitFor(
    async () => {
      if (server.process.exitCode !== null) throw new Error(`redis-server exited:\n${server.output()}`);
      return (await run("redis-cli", ["-p", String(port), "ping"]).catch(() => ({ stdout: "" }))).stdout
        .trim()
        .startsWith("PONG");
    },
    10_000,
    `redis-server on port ${port}`,
  );
  return server;
}
