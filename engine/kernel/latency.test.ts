import { describe, expect, it } from "vitest";
import { bucketUpperMs, histogramQuantile, latencyBucket } from "./latency.js";

describe("latency histogram", () => {
  it("puts a latency in a bucket whose upper bound is within 9% above it", () => {
    for (const ms of [1, 2, 3, 10, 57, 250, 999, 12_345]) {
      const upper = bucketUpperMs(latencyBucket(ms));
      expect(upper).toBeGreaterThanOrEqual(ms);
      expect(upper / ms).toBeLessThan(1.1);
    }
    expect(latencyBucket(0.3)).toBe(0);
  });

  it("reads quantiles back", () => {
    const counts = new Map<number, number>();
    for (let ms = 1; ms <= 100; ms++) counts.set(latencyBucket(ms), (counts.get(latencyBucket(ms)) ?? 0) + 1);
    expect(histogramQuantile(counts, 0.5)).toBeGreaterThanOrEqual(50);
    expect(histogramQuantile(counts, 0.5)).toBeLessThanOrEqual(55);
    expect(histogramQuantile(counts, 0.95)).toBeGreaterThanOrEqual(95);
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
  });
});
