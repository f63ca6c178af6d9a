/**
 * Webhook deliveries of one company at its limit of deliveries in flight, against a slow endpoint:
 * the sustained deliveries a minute beside the ideal (limit × 60 s / the endpoint's latency), with
 * far more deliveries queued than slots and many more worker slots than the limit. Runs alone
 * (`npx tsx bench/webhooks.ts`) or as the `webhooks` step of `npm run bench`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { buildApp } from "../api/app.js";
import { loadConfig } from "../engine/platform/config.js";
import { type Context, closeContext, openContext } from "../engine/platform/context.js";
import { startWorkers, type Workers } from "../workers/index.js";
import { batchBodies, generateSessions } from "./payloads.js";
import { deleteRedisKeys, progress, randomId, readKnobs, sleep, table, withAdminClient } from "./support.js";

const DATABASE = "verdict_bench_webhooks";
const PG_URL = (process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
/** Webhook jobs one worker process runs at once (`workers/index.ts`). */
const WEBHOOK_WORKER_CONCURRENCY = 32;
const WARMUP_SECONDS = 3;

export interface WebhooksResult {
  limit: number;
  endpointLatencyMs: number;
  /** Webhook jobs the worker processes could run at once. */
  workerSlots: number;
  queued: number;
  seconds: number;
  delivered: number;
  perMinute: number;
  idealPerMinute: number;
  ratio: number;
  /** The most requests the endpoint held at once. */
  maxInFlight: number;
  /** Job runs that only found the company at its limit, per delivery done. */
  refusedRunsPerDelivery: number;
}

/** An endpoint that answers 200 after `latencyMs`, counting what it holds at once. */
async function slowEndpoint(latencyMs: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((request, response) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    request.resume();
    request.on("end", () =>
      setTimeout(() => {
        inFlight--;
        response.writeHead(200).end("ok");
      }, latencyMs),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    maxInFlight: () => maxInFlight,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function inject(
  app: FastifyInstance,
  token: string,
  method: "POST" | "PUT",
  url: string,
  body: unknown,
) {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    payload: typeof body === "string" ? body : JSON.stringify(body),
  });
  if (response.statusCode >= 300)
    throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  return response.json<Record<string, unknown>>();
}

const deliveredCount = async (ctx: Context) => {
  const { rows } = await ctx.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered'",
  );
  return rows[0]!.n;
};

/**
 * Starts `processes` Verdicts' workers in this process (one Context each, as separate processes
 * would have), queues enough deliveries for one company to keep its slots busy throughout, and
 * counts the deliveries done over `seconds` after a warm-up.
 */
export async function measureWebhooks(options: {
  seconds: number;
  endpointLatencyMs: number;
  limit: number;
  processes: number;
}): Promise<WebhooksResult> {
  const { seconds, endpointLatencyMs, limit, processes } = options;
  const idealPerMinute = (limit * 60_000) / endpointLatencyMs;
  const queued = Math.ceil(((idealPerMinute / 60) * (seconds + WARMUP_SECONDS) * 1.5) / 10) * 10;
  const prefix = `bench-webhooks-${randomId()}`;
  const config = loadConfig({
    DATABASE_URL: `${PG_URL}/${DATABASE}`,
    REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379",
    VERDICT_QUEUE_PREFIX: prefix,
    VERDICT_OPERATOR_TOKEN: `op_bench_${randomId()}${randomId()}`,
    VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    VERDICT_WEBHOOK_COMPANY_CONCURRENCY: String(limit),
    VERDICT_RATE_LIMIT_PER_MINUTE: "0",
    // the bench process is API, three worker processes and the endpoint at once: no load shedding
    VERDICT_MAX_EVENT_LOOP_DELAY_MS: "0",
  });
  const dropDatabase = () =>
    withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`));
  await dropDatabase();
  const endpoint = await slowEndpoint(endpointLatencyMs);
  const logger = pino({ level: "warn" });
  const contexts: Context[] = [];
  const workers: Workers[] = [];
  let app: FastifyInstance | undefined;
  try {
    for (let i = 0; i < processes; i++) contexts.push(await openContext(config, logger));
    const ctx = contexts[0]!;
    app = await buildApp(ctx);
    const company = await inject(app, config.operatorToken ?? "", "POST", "/v1/companies", {
      name: "bench hooks",
    });
    const master = company.masterKey as string;
    await inject(app, master, "PUT", "/v1/settings", { webhook: { url: endpoint.url, enabled: true } });
    const integrator = (
      await inject(app, master, "POST", "/v1/api-keys", { name: "bench", role: "integrator" })
    ).key as string;
    progress(
      `webhooks: ${queued.toLocaleString("en-US")} deliveries for one company, limit ${limit}, endpoint answering after ${endpointLatencyMs} ms, ${processes} worker processes × ${WEBHOOK_WORKER_CONCURRENCY} webhook slots`,
    );
    for (const body of batchBodies(generateSessions(queued, "hook"))) {
      await inject(app, integrator, "POST", "/v1/sessions/batch", body);
    }
    for (const context of contexts) workers.push(await startWorkers(context));

    while ((await deliveredCount(ctx)) === 0) await sleep(20);
    await sleep(WARMUP_SECONDS * 1000);
    const startCount = await deliveredCount(ctx);
    const start = performance.now();
    await sleep(seconds * 1000);
    const delivered = (await deliveredCount(ctx)) - startCount;
    const elapsed = (performance.now() - start) / 1000;
    if (startCount + delivered >= queued) throw new Error("the queue ran dry during the measurement");

    const completed = await ctx.queues.webhooks.getJobs(["completed"], 0, -1);
    const refusedRuns = completed.reduce((sum, job) => sum + job.attemptsStarted - job.attemptsMade, 0);
    const perMinute = (delivered * 60) / elapsed;
    const result: WebhooksResult = {
      limit,
      endpointLatencyMs,
      workerSlots: processes * WEBHOOK_WORKER_CONCURRENCY,
      queued,
      seconds: elapsed,
      delivered,
      perMinute,
      idealPerMinute,
      ratio: perMinute / idealPerMinute,
      maxInFlight: endpoint.maxInFlight(),
      refusedRunsPerDelivery: completed.length ? refusedRuns / completed.length : 0,
    };
    progress(
      `webhooks: ${Math.round(perMinute)} deliveries/min of an ideal ${Math.round(idealPerMinute)} (${(result.ratio * 100).toFixed(1)}%)`,
    );
    return result;
  } finally {
    await app?.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(contexts.map((context) => closeContext(context)));
    await endpoint.close();
    await deleteRedisKeys(`{${prefix}}`);
    await dropDatabase();
  }
}

export const webhooksTable = (r: WebhooksResult) =>
  table(
    [
      "limit",
      "endpoint latency",
      "worker slots",
      "seconds",
      "delivered",
      "per minute",
      "ideal",
      "ratio",
      "max in flight",
      "refused runs / delivery",
    ],
    [
      [
        String(r.limit),
        `${r.endpointLatencyMs} ms`,
        String(r.workerSlots),
        r.seconds.toFixed(1),
        String(r.delivered),
        String(Math.round(r.perMinute)),
        String(Math.round(r.idealPerMinute)),
        r.ratio.toFixed(3),
        String(r.maxInFlight),
        r.refusedRunsPerDelivery.toFixed(2),
      ],
    ],
  );

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const knobs = readKnobs();
  const result = await measureWebhooks(knobs.webhooks);
  process.stdout.write(
    `\n## Webhooks: one company at its limit, a slow endpoint\n\n${webhooksTable(result)}\n\n`,
  );
}
