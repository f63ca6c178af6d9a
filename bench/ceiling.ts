import { Queue, Worker } from "bullmq";
import { loadConfig } from "../engine/platform/config.js";
import { JOBS } from "../engine/platform/queues.js";
import type { BenchSession } from "./payloads.js";
import { createRedis, deleteRedisKeys, formatRate, progress } from "./support.js";

export interface CeilingResult {
  jobs: number;
  concurrency: number;
  seconds: number;
  jobsPerSecond: number;
}

const CHUNK = 1000;

/**
 * The one-job-per-session ceiling: raw BullMQ in this process, a no-op Worker with the
 * concurrency of Verdict's decide worker, one job per session carrying the session, added with
 * `addBulk` in chunks of 1000 while the worker consumes; from the first add to the last
 * `completed` event. Jobs keep Verdict's decide-job retention, so Redis holds what it would.
 */
export async function measureCeiling(
  sessions: readonly BenchSession[],
  prefix: string,
): Promise<CeilingResult> {
  const concurrency = loadConfig({}).decideConcurrency;
  const queueConnection = createRedis();
  const workerConnection = createRedis();
  const queue = new Queue<BenchSession>("ceiling", { connection: queueConnection, prefix });
  let completed = 0;
  let finish: (at: number) => void = () => {};
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const worker = new Worker<BenchSession>("ceiling", async () => undefined, {
    connection: workerConnection,
    prefix,
    concurrency,
    autorun: false,
  });
  worker.on("completed", () => {
    completed += 1;
    if (completed === sessions.length) finish(performance.now());
  });
  const failures: Error[] = [];
  worker.on("failed", (_job, error) => failures.push(error));
  try {
    await queue.waitUntilReady();
    void worker.run();
    await worker.waitUntilReady();
    progress(
      `ceiling: ${sessions.length.toLocaleString("en-US")} no-op jobs, worker concurrency ${concurrency}`,
    );
    const start = performance.now();
    const options = { removeOnComplete: JOBS.decide.options.removeOnComplete };
    for (let i = 0; i < sessions.length; i += CHUNK) {
      await queue.addBulk(
        sessions.slice(i, i + CHUNK).map((data) => ({ name: "session", data, opts: options })),
      );
    }
    const end = await Promise.race([
      finished,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`ceiling: only ${completed} jobs completed in 120 s`)),
          120_000,
        ).unref(),
      ),
    ]);
    if (failures.length > 0)
      throw new Error(`ceiling: ${failures.length} jobs failed: ${failures[0]?.message}`);
    const seconds = (end - start) / 1000;
    const result = { jobs: sessions.length, concurrency, seconds, jobsPerSecond: sessions.length / seconds };
    progress(`ceiling: ${formatRate(result.jobsPerSecond)} (${seconds.toFixed(2)} s)`);
    return result;
  } finally {
    await worker.close(true);
    await queue.close();
    queueConnection.disconnect();
    workerConnection.disconnect();
    await deleteRedisKeys(`${prefix}:`);
  }
}
