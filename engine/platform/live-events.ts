import { errorMessage } from "../kernel/errors.js";
import { settleWithin } from "../kernel/settle-within.js";
import { insertLiveEvents, selectLiveEvents, selectLiveEventsByNumber } from "../sql/broker.js";
import type { Broker, PostgresBroker, RedisBroker } from "./broker.js";
import type { Logger } from "./logger.js";
import { PgListener } from "./pg-listener.js";
import type { RedisClient } from "./redis.js";

/** An event of a company's live stream (`GET /v1/events`). */
export interface LiveEvent {
  /** `<n>-<m>`, growing with each event of the company: the SSE id, and what `Last-Event-ID` names. */
  id: string;
  event: "session.updated" | "awaiting_action.count";
  data: unknown;
}

export type NewLiveEvent = { event: LiveEvent["event"]; data: unknown };

/**
 * Each company's live events, shared by every process: published by whichever process changed a
 * session, heard by every API process that holds a stream of that company, and kept a while for
 * a stream that reconnects with `Last-Event-ID`.
 */
export interface LiveEvents {
  publish(companyId: string, events: NewLiveEvent[]): Promise<void>;
  /** Events of the company after `lastId` (exclusive), oldest first, at most the last 1000. */
  replay(companyId: string, lastId: string): Promise<LiveEvent[]>;
  /** Calls `listener` with each event of the company from now on; answers the function that stops. */
  listen(companyId: string, listener: (event: LiveEvent) => void): Promise<() => void>;
  close(): Promise<void>;
}

const KEPT_EVENTS = 1000;

export function openLiveEvents(broker: Broker, prefix: string, logger: Logger): LiveEvents {
  return broker.kind === "redis"
    ? new RedisLiveEvents(broker, prefix)
    : new PostgresLiveEvents(broker, prefix, logger);
}

/** Whether event id `a` comes after `b` (`<n>-<m>`). */
export function isAfter(a: string, b: string): boolean {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs > bMs || (aMs === bMs && aSeq > bSeq);
}

/** The listeners of each company in this process, and the one subscription that feeds them. */
class Listeners {
  private readonly byCompany = new Map<string, Set<(event: LiveEvent) => void>>();

  add(companyId: string, listener: (event: LiveEvent) => void): () => void {
    const set = this.byCompany.get(companyId) ?? new Set();
    set.add(listener);
    this.byCompany.set(companyId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byCompany.delete(companyId);
    };
  }

  /** A message of the subscription, parsed: `{ companyId, id, event, data }`, `data` as JSON text. */
  static parse(message: string) {
    return JSON.parse(message) as {
      companyId: string;
      id: string;
      event: LiveEvent["event"];
      data: string | null;
    };
  }

  has(companyId: string): boolean {
    return this.byCompany.has(companyId);
  }

  dispatch(companyId: string, event: LiveEvent): void {
    for (const listener of this.byCompany.get(companyId) ?? []) listener(event);
  }

  clear(): void {
    this.byCompany.clear();
  }
}

/**
 * Appends each event to the company's capped stream (for replay after a reconnect) and publishes
 * it, with its stream id, to every API process, in one round trip.
 */
const PUBLISH_SCRIPT = `
for i = 4, #ARGV, 2 do
  local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[i], 'data', ARGV[i + 1])
  redis.call('PUBLISH', ARGV[1], cjson.encode({ companyId = ARGV[3], id = id, event = ARGV[i], data = ARGV[i + 1] }))
end
return 1`;

/** In Redis: a capped stream a company (ids are the stream's), and one channel all processes subscribe to. */
class RedisLiveEvents implements LiveEvents {
  private readonly listeners = new Listeners();
  private subscriber: RedisClient | undefined;

  constructor(
    private readonly broker: RedisBroker,
    private readonly prefix: string,
  ) {}

  private streamKey = (companyId: string) => `${this.prefix}:live:${companyId}`;
  private get channel() {
    return `${this.prefix}:live`;
  }

  async publish(companyId: string, events: NewLiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    const args = events.flatMap((e) => [e.event, JSON.stringify(e.data)]);
    await this.broker.redis.eval(
      PUBLISH_SCRIPT,
      1, // the one key, so that the script runs on a Redis Cluster too
      this.streamKey(companyId),
      this.channel,
      String(KEPT_EVENTS),
      companyId,
      ...args,
    );
  }

  async replay(companyId: string, lastId: string): Promise<LiveEvent[]> {
    const entries = await this.broker.redis.xrange(
      this.streamKey(companyId),
      `(${lastId}`,
      "+",
      "COUNT",
      KEPT_EVENTS,
    );
    return entries.map(([id, fields]) => {
      const field = (name: string) => fields[fields.indexOf(name) + 1] ?? "null";
      return { id, event: field("event") as LiveEvent["event"], data: JSON.parse(field("data")) };
    });
  }

  async listen(companyId: string, listener: (event: LiveEvent) => void): Promise<() => void> {
    if (!this.subscriber) {
      this.subscriber = this.broker.redis.duplicate();
      this.subscriber.on("error", () => {});
      this.subscriber.on("message", (_channel: string, message: string) => {
        const { companyId, id, event, data } = Listeners.parse(message);
        this.listeners.dispatch(companyId, { id, event, data: JSON.parse(data ?? "null") });
      });
      await this.subscriber.subscribe(this.channel);
    }
    return this.listeners.add(companyId, listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    this.subscriber = undefined;
  }
}

/**
 * In Postgres: a table of recent events (ids `<n>-0`, from one sequence) and a NOTIFY a
 * publication, naming its events, on one channel that every API process LISTENs to; a process
 * with streams of the company reads them. Events older than an hour are swept.
 */
class PostgresLiveEvents implements LiveEvents {
  private readonly listeners = new Listeners();
  private listener: PgListener | undefined;
  private readonly channel: string;
  private inOrder: Promise<void> = Promise.resolve();

  constructor(
    private readonly broker: PostgresBroker,
    prefix: string,
    private readonly logger: Logger,
  ) {
    // a channel name is an identifier: the prefix's letters and digits only
    this.channel = `${prefix.replace(/[^A-Za-z0-9_]/g, "_")}_live`.toLowerCase();
  }

  async publish(companyId: string, events: NewLiveEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 500) {
      await insertLiveEvents(this.broker.pool, this.channel, companyId, events.slice(i, i + 500));
    }
  }

  async replay(companyId: string, lastId: string): Promise<LiveEvent[]> {
    const after = Number(lastId.split("-")[0]) || 0;
    const rows = await selectLiveEvents(this.broker.pool, companyId, after, KEPT_EVENTS);
    return rows.map((row) => ({ id: row.id, event: row.event as LiveEvent["event"], data: row.data }));
  }

  async listen(companyId: string, listener: (event: LiveEvent) => void): Promise<() => void> {
    if (!this.listener) {
      let ready: () => void = () => {};
      const listening = new Promise<void>((resolve) => {
        ready = resolve;
      });
      this.listener = new PgListener(
        this.broker.listenUrl,
        this.channel,
        { what: "live events", meanwhile: "open event streams miss what happens until it is back" },
        this.logger,
        {
          notification: (payload) => this.heard(payload),
          lost: () => {},
          listening: () => ready(),
        },
      );
      this.listener.start();
      // a stream opened while Postgres is away still opens; it hears events once the listener is back
      await settleWithin(listening, 5000).catch(() => {});
    }
    return this.listeners.add(companyId, listener);
  }

  /** Events are handed on in the order they were announced, each announcement's read in turn. */
  private heard(payload: string): void {
    const { companyId, numbers } = JSON.parse(payload) as { companyId: string; numbers: number[] };
    if (!this.listeners.has(companyId)) return;
    this.inOrder = this.inOrder
      .then(async () => {
        for (const row of await selectLiveEventsByNumber(this.broker.pool, companyId, numbers)) {
          this.listeners.dispatch(companyId, {
            id: row.id,
            event: row.event as LiveEvent["event"],
            data: row.data,
          });
        }
      })
      .catch((error) => this.logger.warn({ err: errorMessage(error) }, "live events could not be read"));
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.listener?.close();
    this.listener = undefined;
  }
}
