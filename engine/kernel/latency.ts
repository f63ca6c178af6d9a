/**
 * Decision latency is kept as a histogram of log-spaced buckets: 8 buckets per doubling, so a
 * percentile read back from it is within about 9% of the true value, and one day of a company
 * is a few dozen rows whatever its volume.
 */
const BUCKETS_PER_DOUBLING = 8;

export function latencyBucket(ms: number): number {
  if (ms < 1) return 0;
  return Math.floor(Math.log2(ms) * BUCKETS_PER_DOUBLING) + 1;
}

/** The upper bound, in ms, of a bucket. */
export function bucketUpperMs(bucket: number): number {
  return bucket === 0 ? 1 : 2 ** (bucket / BUCKETS_PER_DOUBLING);
}

/** The `quantile` (0 to 1) of a histogram, as the upper bound of the bucket it falls in. */
export function histogramQuantile(counts: Map<number, number>, quantile: number): number | null {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(quantile * total);
  let seen = 0;
  for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bucket)!;
    if (seen >= rank) return Math.round(bucketUpperMs(bucket));
  }
  return null;
}
