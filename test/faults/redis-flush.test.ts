import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goodData } from "../helpers.js";
import { startReceiver } from "../receiver.js";
import {
  createCompany,
  type Deployment,
  envNumber,
  faultSetting,
  figures,
  request,
  settle,
} from "./stores.js";

// Redis flushed (FLUSHALL) while decide and webhook jobs are queued: the schedulers come back,
// the reconciler queues the lost jobs again, and every session and delivery gets done.

const SESSIONS = envNumber("VERDICT_FAULTS_SESSIONS", 3000);
const BATCH = 500;
const TASKS = ["expire-exports", "expire-sla", "reconcile", "remove-files", "retention"];

let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());
// small decide batches: decide jobs are still queued when Redis is flushed; deliveries in
// parallel, so that the test takes seconds
const setting = faultSetting({
  workers: 2,
  env: { VERDICT_DECIDE_BATCH_SIZE: "50", VERDICT_WEBHOOK_COMPANY_CONCURRENCY: "32" },
});

const schedulers = async (verdict: Deployment) =>
  (await verdict.maintenance!.getJobSchedulers()).map((scheduler) => scheduler.key).sort();

describe("a Redis FLUSHALL", () => {
  it("with decide and webhook jobs queued: all sessions decided, all deliveries delivered, schedulers back", async () => {
    const verdict = setting.deployment;
    const company = await createCompany(verdict);
    const webhook = await request(verdict, company.master, "PUT", "/v1/settings", {
      webhook: { url: receiver?.url, enabled: true },
    });
    expect(webhook.status).toBe(200);
    expect(await schedulers(verdict)).toEqual(TASKS);

    let accepted = 0;
    for (let start = 0; start < SESSIONS; start += BATCH) {
      const sessions = Array.from({ length: Math.min(BATCH, SESSIONS - start) }, (_, i) => ({
        externalId: `flush-${start + i}`,
        data: goodData({ faceMatch: { matchLevel: (start + i) % 6 } }),
      }));
      const answer = await request(verdict, company.integrator, "POST", "/v1/sessions/batch", { sessions });
      expect(answer.status).toBe(202);
      accepted += ((answer.body?.accepted ?? []) as unknown[]).length;
    }
    // some deliveries made, so the webhook queue runs; the rest of the work still in Redis
    await settle(
      async () => (await figures(verdict.pool)).deliveriesDelivered > 0,
      60_000,
      "a first delivery",
    );
    await setting.redis!.flushAll();
    const atFlush = await figures(verdict.pool);
    expect(atFlush.pending + atFlush.deliveriesPending).toBeGreaterThan(0);

    await settle(
      async () => (await schedulers(verdict)).length === TASKS.length,
      60_000,
      "the schedulers back",
    );
    let last: Awaited<ReturnType<typeof figures>> | undefined;
    await settle(
      async () => {
        last = await figures(verdict.pool);
        return last.pending === 0 && last.deliveriesPending === 0 && last.deliveriesDelivered > 0;
      },
      120_000,
      "every session decided and every delivery delivered after the flush",
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}; last seen ${JSON.stringify(last)}, at the flush ${JSON.stringify(atFlush)}`,
      );
    });
    const counts = await figures(verdict.pool);
    console.log(
      `redis flushall: sessions accepted ${accepted}, decided ${counts.decided}, pending after settling ${counts.pending}, decided twice ${counts.decidedTwice}, deliveries pending ${counts.deliveriesPending} (delivered ${counts.deliveriesDelivered}); at the flush: sessions pending ${atFlush.pending}, deliveries pending ${atFlush.deliveriesPending}`,
    );
    expect(verdict.deaths()).toEqual([]);
    expect(await schedulers(verdict)).toEqual(TASKS);
    expect(counts).toMatchObject({
      sessions: SESSIONS,
      decided: SESSIONS,
      pending: 0,
      decidedTwice: 0,
      deliveriesPending: 0,
      deliveriesOther: 0,
    });
    expect(counts.deliveriesDelivered).toBeGreaterThanOrEqual(SESSIONS);
  });
});
