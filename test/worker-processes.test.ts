import type pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  engineDecisions,
  goodData,
  startTestVerdict,
  type TestCompany,
  type TestVerdict,
  waitFor,
} from "./helpers.js";
import { childEnv, freePort, killChildren, spawnVerdict } from "./processes.js";
import { startReceiver } from "./receiver.js";

// Real worker processes (`verdict worker`) against one API in this process: they share the work,
// a SIGKILL loses nothing, a SIGTERM lets the running job finish.

const verdicts: TestVerdict[] = [];
afterEach(killChildren);
afterAll(async () => {
  await killChildren();
  await Promise.all(verdicts.map((verdict) => verdict.close()));
});

/** A test Verdict without workers, a company, and `count` sessions submitted (none decided yet). */
async function submitted(
  count: number,
  batchSize: number,
  beforeSubmitting?: (company: TestCompany, verdict: TestVerdict) => Promise<unknown>,
) {
  const verdict = await startTestVerdict({
    workers: false,
    env: { VERDICT_DECIDE_BATCH_SIZE: String(batchSize), VERDICT_WEBHOOK_ALLOW_PRIVATE: "true" },
  });
  verdicts.push(verdict);
  const company = await createCompany(verdict.app);
  await beforeSubmitting?.(company, verdict);
  for (let start = 0; start < count; start += 1000) {
    const sessions = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      externalId: `s-${start + i}`,
      data: goodData({ faceMatch: { matchLevel: (start + i) % 6 } }),
    }));
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().accepted).toHaveLength(sessions.length);
  }
  return { verdict, company };
}

async function counts(verdict: TestVerdict) {
  const { rows } = await verdict.ctx.pool.query<{ pending: number; decided: number }>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status <> 'pending')::int AS decided
       FROM sessions`,
  );
  return { ...rows[0]!, decisions: await engineDecisions(verdict.ctx) };
}

/** Every session decided, and exactly as many engine decisions recorded as sessions. */
async function expectDecidedOnce(verdict: TestVerdict, total: number) {
  expect(await counts(verdict)).toEqual({ pending: 0, decided: total, decisions: total });
}

/** Holds row locks on one batch's sessions, so that its decide job stays active until `release`. */
async function holdBatch(verdict: TestVerdict, batchId: string) {
  const client: pg.PoolClient = await verdict.ctx.pool.connect();
  await client.query("BEGIN");
  await client.query("SELECT id FROM sessions WHERE batch_id = $1 FOR UPDATE", [batchId]);
  return {
    async release() {
      await client.query("ROLLBACK");
      client.release();
    },
  };
}

async function firstBatch(verdict: TestVerdict): Promise<string> {
  const { rows } = await verdict.ctx.pool.query<{ batch_id: string }>(
    "SELECT batch_id FROM sessions ORDER BY external_id LIMIT 1",
  );
  return rows[0]!.batch_id;
}

describe("worker processes", () => {
  it("share one queue: two processes each decide some, every session once", async () => {
    const { verdict, company } = await submitted(0, 25);
    const env = childEnv(verdict, { VERDICT_DECIDE_CONCURRENCY: "1" });
    const ports = [await freePort(), await freePort()];
    const workers = ports.map((port) =>
      spawnVerdict(["worker"], { ...env, VERDICT_METRICS_PORT: String(port) }),
    );
    await Promise.all(workers.map((worker) => worker.waitForOutput(/workers are running/)));
    // both are connected to the decide queue before any job exists
    await waitFor(
      async () => (await verdict.ctx.queues.decide.getWorkers()).length >= 2,
      10_000,
      "2 workers",
    );

    for (let start = 0; start < 3000; start += 1000) {
      const sessions = Array.from({ length: 1000 }, (_, i) => ({
        externalId: `shared-${start + i}`,
        data: goodData(),
      }));
      await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    }
    await waitFor(async () => (await counts(verdict)).pending === 0, 60_000, "every session decided");
    await expectDecidedOnce(verdict, 3000);

    // sessions decided by each process, from the jobs' results (a job the reconciler may have
    // queued again for a batch decided meanwhile decides nothing, and counts for nobody)
    const byProcess = new Map<string, number>();
    for (const job of await verdict.ctx.queues.decide.getCompleted(0, -1)) {
      const decided = (job.returnvalue as { decided: number }).decided;
      if (decided > 0)
        byProcess.set(job.processedBy ?? "?", (byProcess.get(job.processedBy ?? "?") ?? 0) + decided);
    }
    const pids = workers.map((worker) => String(worker.pid));
    expect([...byProcess.keys()].map((name) => name.split(":").at(-1)).sort()).toEqual(pids.sort());
    expect([...byProcess.values()].reduce((a, b) => a + b, 0)).toBe(3000);
    for (const n of byProcess.values()) expect(n).toBeGreaterThan(0);

    // each process counts the decisions it made, on its own /metrics
    let decided = 0;
    for (const port of ports) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const line = text.split("\n").find((l) => l.startsWith('verdict_decisions_total{outcome="success"'));
      decided += Number(line?.split(" ").at(-1));
    }
    expect(decided).toBe(3000);
  });

  it("lose nothing to a SIGKILL mid-batch: another process takes the stalled job, nothing is decided twice", async () => {
    const { verdict } = await submitted(2000, 100);
    const env = childEnv(verdict, {
      VERDICT_LOCK_DURATION_MS: "1500",
      VERDICT_STALLED_INTERVAL_MS: "500",
    });
    const held = await firstBatch(verdict);
    const lock = await holdBatch(verdict, held);
    try {
      const doomed = spawnVerdict(["worker"], env);
      // the held batch's job is running (blocked on the rows) while others get decided
      await waitFor(
        async () =>
          (await verdict.ctx.queues.decide.getJobState(held)) === "active" &&
          (await counts(verdict)).decided > 0,
        30_000,
        "the held batch to be active and others decided",
      );
      doomed.kill("SIGKILL");
      expect((await doomed.exited).signal).toBe("SIGKILL");
      expect((await counts(verdict)).pending).toBeGreaterThan(0);
    } finally {
      await lock.release();
    }

    const rescuer = spawnVerdict(["worker"], env);
    await waitFor(async () => (await counts(verdict)).pending === 0, 60_000, "every session decided");
    await expectDecidedOnce(verdict, 2000);
    // the job the killed process held was finished by the rescuer
    const heldJob = await verdict.ctx.queues.decide.getJob(held);
    expect(heldJob?.toJSON(), "the held job").toMatchObject({
      processedBy: expect.stringMatching(new RegExp(`:${rescuer.pid}$`)),
      stalledCounter: 1,
    });
  });

  it("lose no webhook to a SIGKILL mid-delivery: each event is delivered at least once, none left pending", async () => {
    let answering = false; // until the kill, the endpoint holds every delivery open
    const receiver = await startReceiver(() => (answering ? 200 : "hang"));
    try {
      const { verdict } = await submitted(300, 50, (company, testVerdict) =>
        call(testVerdict.app, company.master, "PUT", "/v1/settings", { webhook: { url: receiver.url } }),
      );
      const env = childEnv(verdict, {
        VERDICT_LOCK_DURATION_MS: "1500",
        VERDICT_STALLED_INTERVAL_MS: "500",
        VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
        VERDICT_WEBHOOK_RETRY_BASE_MS: "200",
      });
      const doomed = spawnVerdict(["worker"], env);
      await waitFor(() => receiver.received.length >= 5, 60_000, "deliveries in flight");
      doomed.kill("SIGKILL");
      expect((await doomed.exited).signal).toBe("SIGKILL");
      answering = true;

      spawnVerdict(["worker"], env);
      const deliveries = async () =>
        (
          await verdict.ctx.pool.query<{ id: string; event_id: string; status: string }>(
            "SELECT id, event_id, status FROM webhook_deliveries",
          )
        ).rows;
      await waitFor(
        async () => {
          const rows = await deliveries();
          return rows.length === 300 && rows.every((row) => row.status === "delivered");
        },
        90_000,
        "every event delivered",
      );
      await expectDecidedOnce(verdict, 300);
      const received = new Set(receiver.received.map((entry) => entry.headers["webhook-id"]));
      const rows = await deliveries();
      expect(rows.filter((row) => !received.has(row.event_id))).toEqual([]);
      console.log(
        `SIGKILL mid-delivery: ${rows.length} events, ${receiver.received.length} requests received (${receiver.received.length - rows.length} again after the kill), 0 pending`,
      );
    } finally {
      await receiver.close();
    }
  });

  it("finish the running job on SIGTERM, leave the rest queued, and exit 0", async () => {
    const { verdict } = await submitted(2000, 100);
    // a run held up longer than its budget would go back to the queue with the rest of its
    // batch (engine/deciding/decide.ts); this test is about shutdown, so the budget is out of the way
    const env = childEnv(verdict, {
      VERDICT_SHUTDOWN_TIMEOUT_MS: "30000",
      VERDICT_DECIDE_RUN_BUDGET_MS: "600000",
    });
    const held = await firstBatch(verdict);
    const lock = await holdBatch(verdict, held);
    const worker = spawnVerdict(["worker"], env);
    try {
      await worker.waitForOutput(/workers are running/);
      await waitFor(
        async () => (await verdict.ctx.queues.decide.getJobState(held)) === "active",
        30_000,
        "the held batch to be active",
      );
      worker.kill("SIGTERM");
      await worker.waitForOutput(/SIGTERM: finishing running work/);
    } finally {
      await lock.release(); // the running job can now finish
    }
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toMatch(/"msg":"stopped"/);

    // the job that was running finished (not left to stall); whatever was not started waits
    expect(await verdict.ctx.queues.decide.getJobState(held)).toBe("completed");
    const { rows } = await verdict.ctx.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sessions WHERE batch_id = $1 AND status = 'pending'",
      [held],
    );
    expect(rows[0]!.n).toBe(0);
    expect((await verdict.ctx.queues.decide.getJobCounts("active")).active).toBe(0);

    await verdict.startWorkers();
    await waitFor(async () => (await counts(verdict)).pending === 0, 60_000, "the rest decided");
    await expectDecidedOnce(verdict, 2000);
  });
});
