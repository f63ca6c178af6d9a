import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { postWebhook } from "../engine/webhooks/post.js";
import { isPrivateAddress } from "../engine/webhooks/ssrf.js";
import { call, createCompany, goodData, type TestVerdict, useTestVerdict, waitFor } from "./helpers.js";
import { childEnv, killChildren, spawnVerdict } from "./processes.js";
import { startReceiver } from "./receiver.js";

const verdict = useTestVerdict({
  env: {
    VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    VERDICT_WEBHOOK_RETRY_BASE_MS: "100",
    VERDICT_WEBHOOK_TIMEOUT_MS: "400",
  },
});

type Company = Awaited<ReturnType<typeof createCompany>>;

async function companyWithWebhook(url: string): Promise<Company & { secret: string }> {
  const company = await createCompany(verdict.app, "Hooked");
  const response = await call(verdict.app, company.master, "PUT", "/v1/settings", {
    webhook: { url, enabled: true },
  });
  expect(response.statusCode).toBe(200);
  return { ...company, secret: response.json().webhook.secret };
}

async function submit(company: Company, externalId: string, data = goodData()) {
  const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions", { externalId, data });
  return response.json().id as string;
}

const deliveries = async (company: Company) =>
  (await call(verdict.app, company.master, "GET", "/v1/webhook-deliveries")).json().items;

describe("webhooks", () => {
  it("shows the secret once and delivers signed events", async () => {
    const receiver = await startReceiver();
    try {
      const company = await companyWithWebhook(receiver.url);
      expect(company.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
      const settings = (await call(verdict.app, company.master, "GET", "/v1/settings")).json();
      expect(settings.webhook).toEqual({ url: receiver.url, enabled: true });

      const id = await submit(company, "hook-1");
      await waitFor(() => receiver.received.length === 1);
      const [first] = receiver.received;
      const payload = new Webhook(company.secret).verify(
        first!.body,
        first!.headers as Record<string, string>,
      );
      expect(payload).toMatchObject({
        type: "session.decided",
        timestamp: expect.any(String),
        data: { session: { id, externalId: "hook-1", status: "success", decision: { outcome: "success" } } },
      });
      expect((payload as { data: { session: object } }).data.session).not.toHaveProperty("data");
      const [delivery] = await waitFor(async () => {
        const items = await deliveries(company);
        return items[0]?.status === "delivered" && items;
      });
      expect(delivery).toMatchObject({
        eventId: first!.headers["webhook-id"],
        type: "session.decided",
        sessionId: id,
        status: "delivered",
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
      });
    } finally {
      await receiver.close();
    }
  });

  it("sends session.awaiting_action, then session.resolved", async () => {
    const receiver = await startReceiver();
    try {
      const company = await companyWithWebhook(receiver.url);
      const id = await submit(company, "hook-2", goodData({ faceMatch: { matchLevel: 1 } }));
      await waitFor(() => receiver.received.length === 1);
      await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/resolve`, {
        outcome: "rejected",
        reason: "SPAM",
      });
      await waitFor(() => receiver.received.length === 2);
      const types = receiver.received.map((r) => JSON.parse(r.body).type);
      expect(types).toEqual(["session.awaiting_action", "session.resolved"]);
      const resolved = JSON.parse(receiver.received[1]!.body).data.session;
      expect(resolved).toMatchObject({
        status: "rejected",
        decision: { decidedBy: { type: "key" }, reasons: ["SPAM"] },
      });
    } finally {
      await receiver.close();
    }
  });

  it("retries a 500 and a timeout with the same webhook-id until delivered", async () => {
    const receiver = await startReceiver((_request, index) =>
      index === 0 ? 500 : index === 1 ? "hang" : 204,
    );
    try {
      const company = await companyWithWebhook(receiver.url);
      await submit(company, "hook-3");
      const [delivery] = await waitFor(async () => {
        const items = await deliveries(company);
        return items[0]?.status === "delivered" && items;
      }, 15_000);
      expect(delivery.attempts).toBe(3);
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
      const attempts = await verdict.ctx.pool.query(
        "SELECT status_code, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id",
        [delivery.id],
      );
      expect(attempts.rows.map((row) => row.status_code)).toEqual([500, null, 204]);
      expect(attempts.rows[1].error).toContain("no answer within 400 ms");
      const detail = (
        await call(verdict.app, company.master, "GET", `/v1/webhook-deliveries/${delivery.id}`)
      ).json();
      expect(detail.attemptLog.map((a: { statusCode: number | null }) => a.statusCode)).toEqual([
        500,
        null,
        204,
      ]);
      expect(detail.payload).toMatchObject({ type: "session.decided" });
    } finally {
      await receiver.close();
    }
  });

  it("redelivers on request with the same webhook-id", async () => {
    const receiver = await startReceiver();
    try {
      const company = await companyWithWebhook(receiver.url);
      await submit(company, "hook-4");
      await waitFor(() => receiver.received.length === 1);
      const [delivery] = await waitFor(async () => {
        const items = await deliveries(company);
        return items[0]?.status === "delivered" && items;
      });
      const response = await call(
        verdict.app,
        company.master,
        "POST",
        `/v1/webhook-deliveries/${delivery.id}/redeliver`,
      );
      expect(response.statusCode).toBe(202);
      await waitFor(() => receiver.received.length === 2);
      expect(receiver.received[1]!.headers["webhook-id"]).toBe(receiver.received[0]!.headers["webhook-id"]);
      const other = await createCompany(verdict.app, "Nosy");
      const foreign = await call(
        verdict.app,
        other.master,
        "POST",
        `/v1/webhook-deliveries/${delivery.id}/redeliver`,
      );
      expect(foreign.statusCode).toBe(404);
      expect((await call(verdict.app, company.agent, "GET", "/v1/webhook-deliveries")).statusCode).toBe(403);
    } finally {
      await receiver.close();
    }
  });

  it("signs with both secrets while a rotation overlaps", async () => {
    const receiver = await startReceiver();
    try {
      const company = await companyWithWebhook(receiver.url);
      const rotated = await call(verdict.app, company.master, "POST", "/v1/webhook/rotate-secret");
      expect(rotated.statusCode).toBe(200);
      const { secret } = rotated.json();
      expect(secret).not.toBe(company.secret);
      await submit(company, "hook-5");
      await waitFor(() => receiver.received.length === 1);
      const [message] = receiver.received;
      const headers = message!.headers as Record<string, string>;
      expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
      expect(() => new Webhook(secret).verify(message!.body, headers)).not.toThrow();
      expect(() => new Webhook(company.secret).verify(message!.body, headers)).not.toThrow();
    } finally {
      await receiver.close();
    }
  });
});

describe("giving up", () => {
  const strict = useTestVerdict({
    env: {
      VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
      VERDICT_WEBHOOK_RETRY_BASE_MS: "100",
      VERDICT_WEBHOOK_RETRY_FOR_MS: "1500",
    },
  });

  it("fails a delivery after the retry window and switches off a webhook that never succeeds", async () => {
    const receiver = await startReceiver(() => 503);
    try {
      const company = await createCompany(strict.app, "Dead end");
      await call(strict.app, company.master, "PUT", "/v1/settings", {
        webhook: { url: receiver.url, enabled: true },
      });
      await call(strict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: "dead-1",
        data: goodData(),
      });
      const [delivery] = await waitFor(async () => {
        const items = (await call(strict.app, company.master, "GET", "/v1/webhook-deliveries")).json().items;
        return items[0]?.status === "failed" && items;
      }, 15_000);
      expect(delivery.attempts).toBeGreaterThan(1);
      expect(delivery.lastStatusCode).toBe(503);

      // Still failing once the window has passed since the first failure: the webhook is switched off.
      await strict.ctx.pool.query(
        "UPDATE webhook_endpoints SET failing_since = now() - interval '1 minute' WHERE company_id = $1",
        [company.id],
      );
      await call(strict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: "dead-2",
        data: goodData(),
      });
      const settings = await waitFor(async () => {
        const current = (await call(strict.app, company.master, "GET", "/v1/settings")).json();
        return current.webhook.enabled === false && current;
      });
      expect(settings.webhook).toMatchObject({ enabled: false, disabledReason: expect.any(String) });
      const activity = (await call(strict.app, company.master, "GET", "/v1/activity")).json().items;
      expect(activity.map((a: { action: string }) => a.action)).toContain("webhook.disabled");
    } finally {
      await receiver.close();
    }
  });

  it("starts an endpoint's failing time again at its next success", async () => {
    const receiver = await startReceiver(() => 200);
    try {
      const company = await createCompany(strict.app, "Flaky");
      await call(strict.app, company.master, "PUT", "/v1/settings", {
        webhook: { url: receiver.url, enabled: true },
      });
      // failing for longer than the window, as far as Verdict knows: a success must clear it
      await strict.ctx.pool.query(
        "UPDATE webhook_endpoints SET failing_since = now() - interval '1 minute' WHERE company_id = $1",
        [company.id],
      );
      await call(strict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: "flaky-1",
        data: goodData(),
      });
      await waitFor(async () => {
        const items = (await call(strict.app, company.master, "GET", "/v1/webhook-deliveries")).json().items;
        return items[0]?.status === "delivered";
      });
      const { rows } = await strict.ctx.pool.query(
        "SELECT failing_since FROM webhook_endpoints WHERE company_id = $1",
        [company.id],
      );
      expect(rows).toEqual([{ failing_since: null }]);
      const settings = (await call(strict.app, company.master, "GET", "/v1/settings")).json();
      expect(settings.webhook.enabled).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});

/** A company with a webhook to `url` and `count` sessions submitted at once (one delivery each). */
async function floodOfDeliveries(verdict: TestVerdict, url: string, count: number) {
  const company = await createCompany(verdict.app, "Busy");
  await call(verdict.app, company.master, "PUT", "/v1/settings", { webhook: { url, enabled: true } });
  const sessions = Array.from({ length: count }, (_, i) => ({ externalId: `busy-${i}`, data: goodData() }));
  const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
  expect(response.json().accepted).toHaveLength(count);
  return company;
}

/** The company's deliveries once all are delivered: their attempts, and their jobs' runs. */
async function allDelivered(verdict: TestVerdict, companyId: string, count: number, timeoutMs = 20_000) {
  const rows = await waitFor(
    async () => {
      const { rows } = await verdict.ctx.pool.query<{ jobId: string; attempts: number; recorded: number }>(
        `SELECT d.job_id AS "jobId", d.attempts,
                (SELECT count(*)::int FROM webhook_attempts a WHERE a.delivery_id = d.id) AS recorded
           FROM webhook_deliveries d WHERE d.company_id = $1 AND d.status = 'delivered'`,
        [companyId],
      );
      return rows.length === count && rows;
    },
    timeoutMs,
    `${count} deliveries to be delivered`,
  );
  // a delivery is recorded delivered inside its job, which the queue completes right after
  const jobs = await waitFor(
    async () => {
      const jobs = await Promise.all(rows.map((row) => verdict.ctx.queues.webhooks.getJob(row.jobId)));
      return jobs.every((job) => job?.finishedOn !== undefined) && jobs;
    },
    timeoutMs,
    `the jobs of ${count} deliveries to complete`,
  );
  return rows.map((row, i) => ({ ...row, started: jobs[i]?.attemptsStarted, made: jobs[i]?.attemptsMade }));
}

describe("a company at its limit of deliveries in flight", () => {
  const limited = useTestVerdict({
    env: { VERDICT_WEBHOOK_ALLOW_PRIVATE: "true", VERDICT_WEBHOOK_COMPANY_CONCURRENCY: "1" },
  });

  it("gets every delivery done, one attempt each, its jobs waiting for a slot without retrying", async () => {
    const receiver = await startReceiver(() => 200, { answerAfterMs: 200 });
    try {
      const company = await floodOfDeliveries(limited, receiver.url, 12);
      const delivered = await allDelivered(limited, company.id, 12);
      expect(receiver.received).toHaveLength(12);
      expect(receiver.maxInFlight()).toBe(1);
      for (const delivery of delivered) {
        expect(delivery).toMatchObject({ attempts: 1, recorded: 1, made: 1 });
        // refused once, then woken when its turn came; a release racing the refusal can cost one
        // more look. Spinning, as the old counter did, costs a run every few milliseconds.
        expect(delivery.started).toBeLessThanOrEqual(3);
      }
    } finally {
      await receiver.close();
    }
  });
});

describe("a worker killed with deliveries in flight", () => {
  const env = {
    VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    VERDICT_WEBHOOK_COMPANY_CONCURRENCY: "2",
    VERDICT_WEBHOOK_TIMEOUT_MS: "60000",
    VERDICT_WEBHOOK_SLOT_LEASE_MS: "1000",
    VERDICT_LOCK_DURATION_MS: "1000",
    VERDICT_STALLED_INTERVAL_MS: "500",
  };
  const survivor = useTestVerdict({ workers: false, env });
  afterAll(() => killChildren()); // before the Verdict closes: hooks after run last first

  it("leaves no slot taken: the other workers deliver everything", async () => {
    // the killed worker's two requests hang; every later one is answered
    const receiver = await startReceiver((_request, index) => (index < 2 ? "hang" : 200));
    try {
      const worker = spawnVerdict(["worker"], childEnv(survivor, env));
      await worker.waitForOutput(/workers are running/);
      const company = await floodOfDeliveries(survivor, receiver.url, 6);
      await waitFor(() => receiver.received.length === 2, 20_000, "the worker to hold two deliveries");
      worker.kill("SIGKILL");
      await worker.exited;
      await survivor.startWorkers();
      const delivered = await allDelivered(survivor, company.id, 6);
      expect(delivered).toHaveLength(6);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});

describe("SSRF guard", () => {
  const guarded = useTestVerdict({ workers: false });

  it("refuses loopback, private, link-local and non-http URLs when they are saved", async () => {
    const company = await createCompany(guarded.app, "Guarded");
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://10.1.2.3/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
      "http://[fd00::1]/hook",
      "ftp://example.com/hook",
    ]) {
      const response = await call(guarded.app, company.master, "PUT", "/v1/settings", {
        webhook: { url, enabled: true },
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().message).toContain("webhook/url");
    }
  });

  it("refuses a private address at delivery too, and follows no redirect", async () => {
    const refused = await postWebhook(
      "http://127.0.0.1:9/x",
      "{}",
      {},
      { timeoutMs: 500, allowPrivate: false },
    );
    expect(refused).toMatchObject({ statusCode: null, error: expect.stringContaining("refused") });
    const redirecting = await startReceiver(() => 302);
    try {
      const result = await postWebhook(redirecting.url, "{}", {}, { timeoutMs: 500, allowPrivate: true });
      expect(result.statusCode).toBe(302);
      expect(result.error).toContain("HTTP 302");
    } finally {
      await redirecting.close();
    }
  });

  it("knows which addresses are private", () => {
    for (const address of [
      "127.0.0.1",
      "10.0.0.1",
      "172.16.5.4",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});
