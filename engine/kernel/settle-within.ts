/** What `settleWithin` rejects with when the promise has not settled in time. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/**
 * `promise`, or a rejection with `TimeoutError` (its message `what`) once `ms` have passed; the
 * timer never outlives the race. The promise itself runs on: only the waiting stops.
 */
export async function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
  what = `not settled in ${ms} ms`,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
