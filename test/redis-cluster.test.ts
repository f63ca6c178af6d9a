import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROKER,
  call,
  createCompany,
  goodData,
  startTestVerdict,
  type TestVerdict,
  waitFor,
  waitForNonePending,
} from "./helpers.js";
import { freePort, haveRedisBinaries, killChildren, run, startRedisServer } from "./processes.js";

// Three masters of a Redis Cluster on loopback, made for this test and killed after it.
const available = BROKER === "redis" && (await haveRedisBinaries());
if (!available) console.warn("skipping the Redis Cluster test: redis-server or redis-cli is not installed");

let dir: string;
let verdict: TestVerdict | undefined;
beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), "verdict-cluster-"));
  const ports: number[] = [];
  while (ports.length < 3) {
    const port = await freePort(true);
    if (!ports.includes(port)) ports.push(port);
  }
  await Promise.all(
    ports.map((port) =>
      startRedisServer(port, [
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        join(dir, `nodes-${port}.conf`),
        "--dir",
        dir,
      ]),
    ),
  );
  const nodes = ports.map((port) => `127.0.0.1:${port}`);
  await run("redis-cli", ["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"]);
  await waitFor(
    async () => {
      const states = await Promise.all(
        ports.map(async (port) => (await run("redis-cli", ["-p", String(port), "cluster", "info"])).stdout),
      );
      return states.every((info) => info.includes("cluster_state:ok"));
    },
    20_000,
    "the cluster to be ok",
  );
  verdict = await startTestVerdict({ env: { REDIS_CLUSTER_NODES: nodes.join(",") } });
});
afterAll(async () => {
  await verdict?.close();
  await killChildren();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!available)("Redis Cluster", () => {
  it("runs intake → decision through a 3-master cluster", async () => {
    if (!verdict) throw new Error("no cluster");
    const { Cluster } = await import("ioredis");
    const { broker } = verdict.ctx;
    if (broker.kind !== "redis") throw new Error("the cluster test runs on Redis");
    expect(broker.redis).toBeInstanceOf(Cluster);
    expect((await verdict.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);

    const company = await createCompany(verdict.app);
    const sessions = Array.from({ length: 1000 }, (_, i) => ({
      externalId: `c-${i}`,
      data: i % 4 === 0 ? goodData({ liveness: { passed: false } }) : goodData(),
    }));
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    expect(response.json().accepted).toHaveLength(1000);
    await waitForNonePending(verdict!, "every session decided");
    const { rows } = await verdict.ctx.pool.query(
      "SELECT status, count(*)::int AS n FROM sessions GROUP BY status ORDER BY status",
    );
    expect(rows).toEqual([
      { status: "rejected", n: 250 },
      { status: "success", n: 750 },
    ]);
    // the rate limiter counts in the cluster too, under the deployment's hash-tagged prefix
    const cluster = broker.redis as InstanceType<typeof Cluster>;
    const rateKeys = await Promise.all(
      cluster.nodes("master").map((node) => node.keys(`${verdict!.config.queuePrefix}:rate-limit:*`)),
    );
    expect(rateKeys.flat().length).toBeGreaterThan(0);
    const metrics = (await verdict.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/verdict_queue_jobs\{queue="decide",state="completed"\} [1-9]/);
  });
});
