import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Gatherer } from "./gathering.js";

function recorder() {
  const shipped: { companyId: string; batchId: string; sessionIds: string[] }[] = [];
  return {
    shipped,
    ship: (companyId: string, batchId: string, sessionIds: string[]) =>
      shipped.push({ companyId, batchId, sessionIds }),
  };
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("Gatherer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("ships a company's sessions of one window as one batch, per company", async () => {
    const { shipped, ship } = recorder();
    const gatherer = new Gatherer(ship, 20, 100);
    const a1 = gatherer.join("a", 1);
    const a2 = gatherer.join("a", 1);
    const b1 = gatherer.join("b", 1);
    expect(a1.batchId).toBe(a2.batchId);
    expect(b1.batchId).not.toBe(a1.batchId);
    a1.done(["s1"]);
    a2.done(["s2"]);
    b1.done(["s3"]);
    await tick(40);
    expect(shipped).toEqual([
      { companyId: "a", batchId: a1.batchId, sessionIds: ["s1", "s2"] },
      { companyId: "b", batchId: b1.batchId, sessionIds: ["s3"] },
    ]);
  });

  it("waits for every insert that joined before shipping, and ships nothing empty", async () => {
    const { shipped, ship } = recorder();
    const gatherer = new Gatherer(ship, 5, 100);
    const slow = gatherer.join("a", 1);
    const failed = gatherer.join("a", 1);
    failed.done([]); // a duplicate: nothing inserted
    await tick(20);
    expect(shipped).toEqual([]);
    slow.done(["late"]);
    expect(shipped).toEqual([{ companyId: "a", batchId: slow.batchId, sessionIds: ["late"] }]);
    const none = gatherer.join("a", 1);
    none.done([]);
    await tick(20);
    expect(shipped).toHaveLength(1);
  });

  it("closes a full gathering at once and opens a new one", () => {
    const { shipped, ship } = recorder();
    const gatherer = new Gatherer(ship, 10_000, 3);
    const first = gatherer.join("a", 2);
    const second = gatherer.join("a", 1);
    const third = gatherer.join("a", 1);
    expect(second.batchId).toBe(first.batchId);
    expect(third.batchId).not.toBe(first.batchId);
    first.done(["1", "2"]);
    second.done(["3"]);
    expect(shipped).toEqual([{ companyId: "a", batchId: first.batchId, sessionIds: ["1", "2", "3"] }]);
    third.done(["4"]);
  });
});
