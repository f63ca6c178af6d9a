import { describe, expect, it } from "vitest";
import { goodData } from "../helpers.js";
import { createCompany, envNumber, faultSetting, figures, request, settle } from "./stores.js";

// Postgres restarted twice while an API and two worker processes take a flood of batches, with the
// queues in Redis and with them in Postgres itself: the client retries what answered 503, and
// afterwards every accepted session is decided exactly once.

const SESSIONS = envNumber("VERDICT_FAULTS_SESSIONS", 3000);
const BATCH = 250;

describe.each(["redis", "postgres"] as const)("a Postgres restart, queues in %s", (broker) => {
  const setting = faultSetting({ workers: 2, broker });

  it("during intake: batches answer 202 or 503, every accepted session is decided once, no process dies", async () => {
    const verdict = setting.deployment;
    const company = await createCompany(verdict);
    const statuses = new Map<number, number>();
    const accepted = new Set<string>();
    const unexpected: string[] = [];
    let retries = 0;

    /** Submits one batch until it is taken, waiting out 503s as a client would. */
    const submit = async (start: number) => {
      const sessions = Array.from({ length: Math.min(BATCH, SESSIONS - start) }, (_, i) => ({
        externalId: `pg-${start + i}`,
        data: goodData({ faceMatch: { matchLevel: (start + i) % 6 } }),
      }));
      for (;;) {
        const answer = await request(verdict, company.integrator, "POST", "/v1/sessions/batch", { sessions });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 202) {
          for (const entry of (answer.body?.accepted ?? []) as { externalId: string }[])
            accepted.add(entry.externalId);
          return;
        }
        if (answer.status !== 503) {
          unexpected.push(JSON.stringify(answer.body)); // the assertion below names them
          return;
        }
        expect(answer.body?.code === "UNAVAILABLE" || answer.body?.code === "OVERLOADED").toBe(true);
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 100)); // a client's back-off, not a wait for state
      }
    };

    const starts = Array.from({ length: Math.ceil(SESSIONS / BATCH) }, (_, i) => i * BATCH);
    const restartAt = [Math.floor(starts.length / 3), Math.floor((2 * starts.length) / 3)];
    let next = 0;
    const client = async () => {
      while (next < starts.length) {
        const start = starts[next++] as number;
        await submit(start);
      }
    };
    const restarts = (async () => {
      for (const at of restartAt) {
        await settle(async () => next >= at, 60_000, `batch ${at} submitted`);
        await setting.postgres.restart();
      }
    })();
    await Promise.all([client(), client(), client(), restarts]);

    await settle(
      async () => (await figures(verdict.pool)).pending === 0,
      90_000,
      "every session decided after the restarts",
    );
    const counts = await figures(verdict.pool);
    console.log(
      `postgres restart ×2 (queues in ${broker}): sessions accepted ${accepted.size}, decided ${counts.decided}, pending after settling ${counts.pending}, decided twice ${counts.decidedTwice}, deliveries pending ${counts.deliveriesPending}; batch answers ${JSON.stringify(Object.fromEntries(statuses))}, retried ${retries}`,
    );
    expect(verdict.deaths()).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(accepted.size).toBe(SESSIONS);
    expect(counts).toMatchObject({ sessions: SESSIONS, decided: SESSIONS, pending: 0, decidedTwice: 0 });
  });
});
