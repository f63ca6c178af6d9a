import type { Context } from "../platform/context.js";
import type { RedisClient } from "../platform/redis.js";

/** An event of a company's live stream (`GET /v1/events`). */
export interface LiveEvent {
  /** The Redis stream id, used as the SSE id and for `Last-Event-ID`. */
  id: string;
  event: "session.updated" | "awaiting_action.count";
  data: unknown;
}

const KEPT_EVENTS = 1000;
export const streamKey = (prefix: string, companyId: string) => `${prefix}:live:${companyId}`;
export const liveChannel = (prefix: string) => `${prefix}:live`;

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

export async function publishLive(
  ctx: Context,
  companyId: string,
  events: { event: LiveEvent["event"]; data: unknown }[],
): Promise<void> {
  if (events.length === 0) return;
  const prefix = ctx.config.queuePrefix;
  const args = events.flatMap((e) => [e.event, JSON.stringify(e.data)]);
  await ctx.redis.eval(
    PUBLISH_SCRIPT,
    1, // the one key, so that the script runs on a Redis Cluster too
    streamKey(prefix, companyId),
    liveChannel(prefix),
    String(KEPT_EVENTS),
    companyId,
    ...args,
  );
}

/** Events of the company's stream after `lastId` (exclusive), oldest first. */
export async function replayLive(
  { redis, config }: Pick<Context, "redis" | "config">,
  companyId: string,
  lastId: string,
): Promise<LiveEvent[]> {
  const entries = await redis.xrange(
    streamKey(config.queuePrefix, companyId),
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

/** Whether stream id `a` comes after `b` (`<ms>-<seq>`). */
export function isAfter(a: string, b: string): boolean {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs > bMs || (aMs === bMs && aSeq > bSeq);
}

/**
 * One Redis subscription per API process, fanning each company's live events out to the
 * listeners of that company.
 */
export class LiveHub {
  private readonly listeners = new Map<string, Set<(event: LiveEvent) => void>>();
  private subscriber: RedisClient | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async listen(companyId: string, listener: (event: LiveEvent) => void): Promise<() => void> {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on("error", () => {});
      this.subscriber.on("message", (_channel: string, message: string) => this.dispatch(message));
      await this.subscriber.subscribe(liveChannel(this.prefix));
    }
    const set = this.listeners.get(companyId) ?? new Set();
    set.add(listener);
    this.listeners.set(companyId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(companyId);
    };
  }

  private dispatch(message: string): void {
    const parsed = JSON.parse(message) as {
      companyId: string;
      id: string;
      event: LiveEvent["event"];
      data: string;
    };
    const listeners = this.listeners.get(parsed.companyId);
    if (!listeners) return;
    const event: LiveEvent = { id: parsed.id, event: parsed.event, data: JSON.parse(parsed.data) };
    for (const listener of listeners) listener(event);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    this.subscriber = undefined;
  }
}
