import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { settleWithin } from "../kernel/settle-within.js";
import type { Queues } from "./queues.js";

/**
 * Verdict's Prometheus metrics, in a registry of its own per Context (not prom-client's global
 * one, so that one process may hold many, as the tests do). Counters are incremented where things
 * happen; queue depths are read from Redis at scrape time.
 */
export interface Metrics {
  registry: Registry;
  /** Sessions that reached intake, by `outcome`: created, existing (an idempotent repeat), conflict, invalid. */
  intake: Counter<"outcome">;
  /** Decisions by `outcome` (success, rejected, awaiting_action) and `decided_by` (engine, user, key, sla). */
  decisions: Counter<"outcome" | "decided_by">;
  /** Seconds from a session's submission to the engine's decision. */
  decisionLatency: Histogram<never>;
  /** Webhook delivery attempts by `outcome` (delivered, retry, failed). */
  webhookDeliveries: Counter<"outcome">;
  /** Exports by `outcome` (completed, failed). */
  exports: Counter<"outcome">;
  /** Event streams (`GET /v1/events`) this process has open. */
  eventStreams: Gauge<never>;
  /** Event streams ended because their client did not read fast enough. */
  eventStreamsDropped: Counter<never>;
  /** HTTP request duration by method, route (its template) and status code. */
  httpDuration: Histogram<"method" | "route" | "status_code">;
}

export const QUEUE_STATES = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "completed",
  "failed",
] as const;

const SCRAPE_TIMEOUT_MS = 1000;

export function createMetrics(queues: Queues): Metrics {
  const registry = new Registry();
  // process and Node.js metrics, among them the event-loop lag (nodejs_eventloop_lag_seconds)
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: "verdict_queue_jobs",
    help: "Jobs in each queue by state, read from Redis at scrape time",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      // a scrape must not hang on a Redis outage: a queue that does not answer in time is left out
      await Promise.all(
        Object.entries(queues).map(async ([name, queue]) => {
          const counts = await settleWithin(queue.getJobCounts(...QUEUE_STATES), SCRAPE_TIMEOUT_MS).catch(
            () => undefined,
          );
          if (!counts) return;
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }),
      );
    },
  });

  return {
    registry,
    intake: new Counter({
      name: "verdict_intake_sessions_total",
      help: "Sessions that reached intake, by outcome (created, existing, conflict, invalid)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    decisions: new Counter({
      name: "verdict_decisions_total",
      help: "Sessions decided, by outcome and by who decided (engine, user, sla)",
      labelNames: ["outcome", "decided_by"] as const,
      registers: [registry],
    }),
    decisionLatency: new Histogram({
      name: "verdict_decision_latency_seconds",
      help: "Seconds from a session's submission to the engine's decision",
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "verdict_webhook_deliveries_total",
      help: "Webhook delivery attempts by outcome (delivered, retry, failed)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    exports: new Counter({
      name: "verdict_exports_total",
      help: "Exports by outcome (completed, failed)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    eventStreams: new Gauge({
      name: "verdict_event_streams",
      help: "Event streams (GET /v1/events) this process has open",
      registers: [registry],
    }),
    eventStreamsDropped: new Counter({
      name: "verdict_event_streams_dropped_total",
      help: "Event streams ended because their client did not read fast enough",
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "verdict_http_request_duration_seconds",
      help: "HTTP request duration by method, route template and status code",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
