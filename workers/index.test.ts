import { describe, expect, it } from "vitest";
import { useTestVerdict } from "../test/helpers.js";

const verdict = useTestVerdict({
  env: {
    VERDICT_DECIDE_CONCURRENCY: "3",
    VERDICT_SLA_CONCURRENCY: "5",
    VERDICT_WEBHOOK_CONCURRENCY: "7",
    VERDICT_EXPORT_CONCURRENCY: "4",
    VERDICT_MAINTENANCE_CONCURRENCY: "2",
    VERDICT_EXPIRE_SLA_EVERY_MS: "61000",
    VERDICT_RETENTION_EVERY_MS: "62000",
    VERDICT_EXPIRE_EXPORTS_EVERY_MS: "63000",
    VERDICT_REMOVE_FILES_EVERY_MS: "64000",
  },
});

describe("the workers", () => {
  it("run each queue with the concurrency the configuration gives it", () => {
    const concurrency = Object.fromEntries(
      (verdict.workers?.workers ?? []).map((worker) => [worker.name, worker.concurrency]),
    );
    expect(concurrency).toEqual({
      decide: 3,
      sla: 5,
      webhooks: 7,
      exports: 4,
      simulations: 1,
      maintenance: 2,
    });
  });

  it("schedule each maintenance task at the interval the configuration gives it", async () => {
    const every = async (task: string) => (await verdict.ctx.queues.maintenance.getJobScheduler(task))?.every;
    expect({
      reconcile: await every("reconcile"),
      "expire-sla": await every("expire-sla"),
      retention: await every("retention"),
      "expire-exports": await every("expire-exports"),
      "remove-files": await every("remove-files"),
    }).toEqual({
      reconcile: 300,
      "expire-sla": 61_000,
      retention: 62_000,
      "expire-exports": 63_000,
      "remove-files": 64_000,
    });
  });
});
