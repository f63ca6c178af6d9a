import { describe, expect, it } from "vitest";
import { uuidv7 } from "../engine/kernel/ids.js";
import { enqueue } from "../engine/platform/queues.js";
import { insertDeliveries } from "../engine/sql/webhooks.js";
import { reconcileDeliveries } from "../engine/webhooks/deliveries.js";
import { call, createCompany, goodData, useTestVerdict, waitFor } from "./helpers.js";

// What brings Verdict back after Redis lost its keys without losing the connection (FLUSHALL):
// the schedulers are put back, and the reconciler finds every delivery whose job is gone.

const verdict = useTestVerdict({ env: { VERDICT_SCHEDULE_CHECK_MS: "200" } });

describe("recovery from lost Redis keys", () => {
  it("puts back a maintenance scheduler removed from Redis, with no reconnect to tell it", async () => {
    const { maintenance } = verdict.ctx.queues;
    expect(await maintenance.getJobScheduler("reconcile")).toBeDefined();
    await maintenance.removeJobScheduler("reconcile");
    await waitFor(
      async () => (await maintenance.getJobScheduler("reconcile")) !== undefined,
      10_000,
      "the scheduler back",
    );
  });

  it("re-queues a pending delivery whose job is gone, though older ones are still waiting their turn", async () => {
    await verdict.workers?.close(); // nothing may deliver meanwhile
    verdict.workers = undefined;
    const company = await createCompany(verdict.app, "Late deliveries");
    const submitted = await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
      externalId: "late-1",
      data: goodData(),
    });
    const sessionId = submitted.json<{ id: string }>().id;
    const ids = [uuidv7(), uuidv7(), uuidv7()];
    await insertDeliveries(
      verdict.ctx.pool,
      company.id,
      ids.map((id) => ({ id, eventId: `evt_${id}`, type: "session.updated", sessionId, payload: {} })),
    );
    // the reconciler looks only at deliveries older than VERDICT_RECONCILE_AFTER_MS, oldest first
    await verdict.ctx.pool.query(
      `UPDATE webhook_deliveries SET created_at = now() - interval '1 hour' + (array_position($1::uuid[], id) * interval '1 ms')
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const [first, second, lost] = ids as [string, string, string];
    // the two oldest still have their jobs (due later); the third lost its job
    for (const id of [first, second]) {
      await enqueue(
        verdict.ctx.queues,
        "webhooks",
        { deliveryId: id, companyId: company.id },
        { jobId: id, delay: 3_600_000 },
      );
    }

    expect(await reconcileDeliveries(verdict.ctx, 2)).toBe(1);
    const { rows } = await verdict.ctx.pool.query<{ jobId: string }>(
      `SELECT job_id AS "jobId" FROM webhook_deliveries WHERE id = $1`,
      [lost],
    );
    const jobId = rows[0]?.jobId as string;
    expect(jobId).not.toBe(lost);
    expect(await verdict.ctx.queues.webhooks.getJobState(jobId)).toBe("waiting");
    expect(await reconcileDeliveries(verdict.ctx, 2)).toBe(0);
  });
});
