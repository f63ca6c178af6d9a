import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SubmissionBatcher } from "./submission-batcher.js";

/** A batcher whose flush records what it was given and answers how many items it flushed. */
function recording(windowMs: number, maxItems: number) {
  const flushed: { key: string; items: string[] }[] = [];
  const batcher = new SubmissionBatcher<string, number>(
    async (key, items) => {
      flushed.push({ key, items });
      return items.length;
    },
    windowMs,
    maxItems,
  );
  return { flushed, batcher };
}

describe("SubmissionBatcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("flushes a key's items of one window once, per key, and answers every caller with the result", async () => {
    const { flushed, batcher } = recording(20, 100);
    const a1 = batcher.join("a", ["s1"]);
    const a2 = batcher.join("a", ["s2", "s3"]);
    const b1 = batcher.join("b", ["s4"]);
    await vi.advanceTimersByTimeAsync(19);
    expect(flushed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(flushed).toEqual([
      { key: "a", items: ["s1", "s2", "s3"] },
      { key: "b", items: ["s4"] },
    ]);
    expect(await Promise.all([a1, a2, b1])).toEqual([3, 3, 1]);
    // the next join opens a new batch
    const a3 = batcher.join("a", ["s5"]);
    await vi.advanceTimersByTimeAsync(20);
    expect(await a3).toBe(1);
    expect(flushed).toHaveLength(3);
  });

  it("flushes a full batch at once, and starts a new one for items that would overfill it", async () => {
    const { flushed, batcher } = recording(10_000, 3);
    const first = batcher.join("a", ["1", "2"]);
    const second = batcher.join("a", ["3", "4"]); // would make 4: the first is flushed as it is
    expect(flushed).toEqual([{ key: "a", items: ["1", "2"] }]);
    const third = batcher.join("a", ["5"]); // makes 3: flushed at once
    expect(flushed).toEqual([
      { key: "a", items: ["1", "2"] },
      { key: "a", items: ["3", "4", "5"] },
    ]);
    expect(await Promise.all([first, second, third])).toEqual([2, 3, 3]);
  });

  it("gives every caller of a batch the flush's error", async () => {
    const batcher = new SubmissionBatcher<string, number>(
      async () => {
        throw new Error("database down");
      },
      5,
      100,
    );
    const one = batcher.join("a", ["1"]);
    const two = batcher.join("a", ["2"]);
    const settled = Promise.allSettled([one, two]);
    await vi.advanceTimersByTimeAsync(5);
    expect((await settled).map((r) => r.status === "rejected" && (r.reason as Error).message)).toEqual([
      "database down",
      "database down",
    ]);
  });
});
