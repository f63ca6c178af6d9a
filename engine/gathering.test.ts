import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Gatherer } from "./gathering.js";

/** A gatherer whose flush records what it was given and answers how many items it flushed. */
function recording(windowMs: number, maxItems: number) {
  const flushed: { key: string; items: string[] }[] = [];
  const gatherer = new Gatherer<string, number>(
    async (key, items) => {
      flushed.push({ key, items });
      return items.length;
    },
    windowMs,
    maxItems,
  );
  return { flushed, gatherer };
}

describe("Gatherer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("flushes a key's items of one window once, per key, and answers every caller with the result", async () => {
    const { flushed, gatherer } = recording(20, 100);
    const a1 = gatherer.join("a", ["s1"]);
    const a2 = gatherer.join("a", ["s2", "s3"]);
    const b1 = gatherer.join("b", ["s4"]);
    await vi.advanceTimersByTimeAsync(19);
    expect(flushed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(flushed).toEqual([
      { key: "a", items: ["s1", "s2", "s3"] },
      { key: "b", items: ["s4"] },
    ]);
    expect(await Promise.all([a1, a2, b1])).toEqual([3, 3, 1]);
    // the next join opens a new gathering
    const a3 = gatherer.join("a", ["s5"]);
    await vi.advanceTimersByTimeAsync(20);
    expect(await a3).toBe(1);
    expect(flushed).toHaveLength(3);
  });

  it("flushes a full gathering at once, and starts a new one for items that would overfill it", async () => {
    const { flushed, gatherer } = recording(10_000, 3);
    const first = gatherer.join("a", ["1", "2"]);
    const second = gatherer.join("a", ["3", "4"]); // would make 4: the first is flushed as it is
    expect(flushed).toEqual([{ key: "a", items: ["1", "2"] }]);
    const third = gatherer.join("a", ["5"]); // makes 3: flushed at once
    expect(flushed).toEqual([
      { key: "a", items: ["1", "2"] },
      { key: "a", items: ["3", "4", "5"] },
    ]);
    expect(await Promise.all([first, second, third])).toEqual([2, 3, 3]);
  });

  it("gives every caller of a gathering the flush's error", async () => {
    const gatherer = new Gatherer<string, number>(
      async () => {
        throw new Error("database down");
      },
      5,
      100,
    );
    const one = gatherer.join("a", ["1"]);
    const two = gatherer.join("a", ["2"]);
    const settled = Promise.allSettled([one, two]);
    await vi.advanceTimersByTimeAsync(5);
    expect((await settled).map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual([
      "database down",
      "database down",
    ]);
  });
});
