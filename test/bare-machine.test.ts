import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goodData, waitFor } from "./helpers.js";
import { type Child, freePort, killChildren, ROOT, run, spawnVerdict } from "./processes.js";

// Verdict as a newcomer starts it: a fresh clone, neither DATABASE_URL nor REDIS_URL, so an
// embedded Postgres in the data directory with the queues in it, stopped and started again.

let scratch: string;
let clone: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "verdict-bare-"));
  await chmod(scratch, 0o755); // run as root, Postgres runs as another user, who must get in
  clone = join(scratch, "clone");
  if (existsSync(join(ROOT, ".git"))) {
    await run("git", ["clone", "--quiet", "--local", "--no-hardlinks", ROOT, clone]);
    await symlink(join(ROOT, "node_modules"), join(clone, "node_modules"));
  } else clone = ROOT;
});
afterAll(async () => {
  await killChildren();
  await rm(scratch, { recursive: true, force: true });
});

/** A bare start's environment: what the machine's own set-up (or CI's) says is blanked out. */
const bare = (dataDir: string, port: number) => ({
  DATABASE_URL: "",
  REDIS_URL: "",
  REDIS_CLUSTER_NODES: "",
  VERDICT_OPERATOR_TOKEN: "",
  VERDICT_FILE_STORE: "",
  VERDICT_DATA_DIR: dataDir,
  PORT: String(port),
  HOST: "127.0.0.1",
  LOG_LEVEL: "info",
  VERDICT_MAX_EVENT_LOOP_DELAY_MS: "0",
});

async function start(dataDir: string): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = spawnVerdict(["start"], bare(dataDir, port), clone);
  await child.waitForOutput(/Verdict is listening/, 120_000);
  return { child, url: `http://127.0.0.1:${port}` };
}

async function stop(child: Child): Promise<void> {
  child.kill("SIGTERM");
  expect(await child.exited).toEqual({ code: 0, signal: null });
}

/** A start that must refuse: it exits 1 with one line naming the problem, and no stack trace. */
async function refusal(env: Record<string, string>): Promise<string> {
  const child = spawnVerdict(["start"], env, clone);
  expect((await child.exited).code).toBe(1);
  const lines = child
    .output()
    .split("\n")
    .filter((line) => line.startsWith("verdict: "));
  expect(lines, child.output()).toHaveLength(1);
  expect(child.output()).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

const api = (url: string, token: string) => async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: a test reads the answers as the contract says they are
  const answer: any = response.status === 204 ? undefined : await response.json();
  return { status: response.status, body: answer };
};

describe("a bare machine", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(scratch, "data");
  });

  it("starts with an embedded Postgres, decides sessions, and has them again after a restart", async () => {
    const first = await start(dataDir);
    expect(first.child.output()).toMatch(/started the embedded Postgres \d+ on 127\.0\.0\.1:\d+/);
    // the generated operator token: printed this once, kept for this machine
    const token = (await readFile(join(dataDir, "operator-token"), "utf8")).trim();
    expect(first.child.output()).toContain(token);
    const operator = api(first.url, token);
    const company = await operator("POST", "/v1/companies", { name: "Bare" });
    expect(company.status).toBe(201);
    const master = api(first.url, company.body.masterKey);
    const integrator = api(
      first.url,
      (await master("POST", "/v1/api-keys", { name: "app", role: "integrator" })).body.key,
    );
    const sessions = Array.from({ length: 50 }, (_, i) => ({
      externalId: `bare-${i}`,
      data: i % 5 === 0 ? goodData({ liveness: { passed: false } }) : goodData(),
    }));
    expect((await integrator("POST", "/v1/sessions/batch", { sessions })).status).toBe(202);
    const decided = async () => {
      const page = await master("GET", "/v1/sessions?limit=100");
      return page.body.items.filter((s: { status: string }) => s.status !== "pending").length;
    };
    await waitFor(async () => (await decided()) === 50, 60_000, "every session decided");
    const before = (await master("GET", "/v1/sessions?limit=100")).body.items;
    await stop(first.child);

    const second = await start(dataDir);
    // the same token works, and the start says where it is rather than printing it again
    expect(second.child.output()).not.toContain(token);
    expect(second.child.output()).toContain(join(dataDir, "operator-token"));
    expect((await api(second.url, token)("GET", "/v1/sessions")).status).toBe(403); // the operator's, not a company's
    const after = (await api(second.url, company.body.masterKey)("GET", "/v1/sessions?limit=100")).body.items;
    expect(after).toEqual(before);
    expect(after.filter((s: { status: string }) => s.status === "rejected")).toHaveLength(10);
    await stop(second.child);
  });

  it("starts again over a lock file a killed run left behind", async () => {
    const pidFile = join(dataDir, "postgres", "postmaster.pid");
    expect(existsSync(pidFile)).toBe(false);
    // what a SIGKILLed Postgres leaves: a lock naming a process that is gone
    await writeFile(pidFile, "999999\n/x\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready\n");
    const { child } = await start(dataDir);
    await stop(child);
  });

  it("refuses, in one line, a data directory it cannot write", async () => {
    const file = join(scratch, "a-file");
    await writeFile(file, "");
    const line = await refusal(bare(join(file, "data"), await freePort()));
    expect(line).toMatch(/VERDICT_DATA_DIR .* is not writable .*choose another directory/);
  });

  it("refuses, in one line, a Postgres data directory of another major version, and leaves it as it was", async () => {
    const other = join(scratch, "other");
    await mkdir(join(other, "postgres"), { recursive: true });
    await writeFile(join(other, "postgres", "PG_VERSION"), "14\n");
    const line = await refusal(bare(other, await freePort()));
    expect(line).toMatch(/holds the data of Postgres 14, and this Verdict embeds Postgres \d+/);
    expect(await readFile(join(other, "postgres", "PG_VERSION"), "utf8")).toBe("14\n");
  });

  it("refuses, in one line, a port in use, and stops the Postgres it started", async () => {
    const server: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    try {
      const line = await refusal(bare(dataDir, port));
      expect(line).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(existsSync(join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    } finally {
      server.close();
    }
  });

  it("refuses a worker-only process without DATABASE_URL, saying why", async () => {
    const child = spawnVerdict(["worker"], bare(dataDir, 0), clone);
    expect((await child.exited).code).toBe(1);
    expect(child.output()).toMatch(/VERDICT_ROLE=worker\) needs DATABASE_URL/);
  });
});
