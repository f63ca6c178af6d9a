import { get, type IncomingMessage } from "node:http";
import { type AddressInfo, connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../api/app.js";
import { openStreamSlots } from "../engine/announce/stream-slots.js";
import { type Context, closeContext, openContext } from "../engine/platform/context.js";
import { call, createCompany, goodData, startTestVerdict, type TestVerdict, waitFor } from "./helpers.js";
import { childEnv, killChildren, spawnVerdict } from "./processes.js";

interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** Opens an event stream and collects its events as they come. */
function openStream(url: string, token: string, lastEventId?: string) {
  const events: SseEvent[] = [];
  let response: IncomingMessage | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    const request = get(
      url,
      {
        headers: {
          authorization: `Bearer ${token}`,
          ...(lastEventId ? { "last-event-id": lastEventId } : {}),
        },
      },
      (res) => {
        response = res;
        let buffer = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(
              block
                .split("\n")
                .filter((line) => !line.startsWith(":"))
                .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
            );
            if (fields.event)
              events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? "null") });
            end = buffer.indexOf("\n\n");
          }
        });
        resolve();
      },
    );
    request.on("error", reject);
  });
  return { events, opened, status: () => response?.statusCode, close: () => response?.destroy() };
}

let verdict: TestVerdict;
let second: { ctx: Context; app: FastifyInstance };
let baseA: string;
let baseB: string;
const BUFFER_BYTES = 64 * 1024;
beforeAll(async () => {
  verdict = await startTestVerdict({ env: { VERDICT_EVENT_STREAM_BUFFER_BYTES: String(BUFFER_BYTES) } });
  const ctx = await openContext(verdict.config, pino({ level: "silent" }));
  second = { ctx, app: await buildApp(ctx) };
  const listen = async (app: FastifyInstance) => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  baseA = await listen(verdict.app);
  baseB = await listen(second.app);
});
afterAll(async () => {
  await killChildren();
  await second.app.close();
  await closeContext(second.ctx);
  await verdict.close();
});

describe("GET /v1/events", () => {
  it("streams a company's changes across API processes, and replays what a reconnecting client missed", async () => {
    const company = await createCompany(verdict.app, "Live");
    const other = await createCompany(verdict.app, "Elsewhere");
    const stream = openStream(`${baseB}/v1/events`, company.agent);
    const otherStream = openStream(`${baseB}/v1/events`, other.agent);
    await Promise.all([stream.opened, otherStream.opened]);
    expect(stream.status()).toBe(200);
    await waitFor(() => stream.events.length > 0);
    expect(stream.events[0]).toEqual({ event: "awaiting_action.count", data: { count: 0 }, id: undefined });

    // submitted through instance A, decided by A's workers, seen on instance B
    const parked = await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
      externalId: "live-1",
      data: goodData({ faceMatch: { matchLevel: 1 } }),
    });
    const id = parked.json().id;
    await waitFor(() => stream.events.some((e) => e.event === "session.updated"));
    await waitFor(() => stream.events.filter((e) => e.event === "awaiting_action.count").length === 2);
    expect(stream.events.find((e) => e.event === "session.updated")).toMatchObject({
      id: expect.stringMatching(/^\d+-\d+$/),
      data: { id, externalId: "live-1", status: "awaiting_action" },
    });
    expect(stream.events.at(-1)).toMatchObject({ event: "awaiting_action.count", data: { count: 1 } });
    expect(otherStream.events.filter((e) => e.event === "session.updated")).toHaveLength(0);

    const lastSeen = stream.events.at(-1)!.id!;
    stream.close();
    otherStream.close();
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/resolve`, { outcome: "success" });
    await waitFor(
      async () =>
        (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().status === "success",
    );

    const resumed = openStream(`${baseA}/v1/events`, company.agent, lastSeen);
    await resumed.opened;
    await waitFor(() => resumed.events.some((e) => e.event === "session.updated"));
    expect(resumed.events.filter((e) => e.event === "session.updated")).toEqual([
      {
        id: expect.any(String),
        event: "session.updated",
        data: { id, externalId: "live-1", status: "success" },
      },
    ]);
    resumed.close();
  });

  it("needs a valid key", async () => {
    const response = await verdict.app.inject({ url: "/v1/events" });
    expect(response.statusCode).toBe(401);
  });
});

/** The event streams open with `agent`'s key, across every API process, as the broker counts them. */
async function streamsOpen(companyId: string): Promise<number> {
  const { rows } = await verdict.ctx.pool.query<{ id: string }>(
    "SELECT id FROM api_keys WHERE company_id = $1 AND role = 'agent'",
    [companyId],
  );
  const slots = openStreamSlots(verdict.ctx.broker, verdict.config.queuePrefix, 20, 60_000);
  try {
    return await slots.held(`key:${rows[0]!.id}`);
  } finally {
    await slots.close();
  }
}

/** Opens streams until one is answered 200 (and answers it), closing those refused. */
async function openWhenAllowed(url: string, token: string) {
  return waitFor(
    async () => {
      const stream = openStream(url, token);
      await stream.opened;
      if (stream.status() === 200) return stream;
      stream.close();
      return undefined;
    },
    20_000,
    "a free event-stream slot",
  );
}

describe("GET /v1/events limits", () => {
  it("holds at most 20 open streams a key across API processes (429 TOO_MANY_STREAMS); closing one frees a slot", async () => {
    const company = await createCompany(verdict.app, "Many streams");
    const streams = Array.from({ length: 20 }, (_, i) =>
      openStream(`${i % 2 ? baseA : baseB}/v1/events`, company.agent),
    );
    await Promise.all(streams.map((s) => s.opened));
    expect(streams.map((s) => s.status())).toEqual(Array(20).fill(200));

    const refused = await fetch(`${baseA}/v1/events`, {
      headers: { authorization: `Bearer ${company.agent}` },
    });
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { message: string };
    expect(body).toMatchObject({ statusCode: 429, error: "Too Many Requests", code: "TOO_MANY_STREAMS" });
    expect(body.message).toContain("20");
    // another key of the company has its own slots
    const integrator = openStream(`${baseB}/v1/events`, company.integrator);
    await integrator.opened;
    expect(integrator.status()).toBe(200);

    streams[0]!.close();
    streams[0] = await openWhenAllowed(`${baseB}/v1/events`, company.agent);
    for (const stream of [...streams, integrator]) stream.close();
    await waitFor(async () => (await streamsOpen(company.id)) === 0, 10_000, "every slot released");
  });

  // a Verdict process of its own starts here, which takes long on a busy machine
  it("frees the slots of a process that died when their leases expire", async () => {
    const company = await createCompany(verdict.app, "Dying streams");
    const child = spawnVerdict(
      ["start"],
      // long enough that a busy machine's stalls never let a living process's leases lapse
      childEnv(verdict, { VERDICT_ROLE: "api", VERDICT_EVENT_STREAM_LEASE_MS: "5000" }),
    );
    await child.waitForOutput(/listening at http:\/\/127\.0\.0\.1:\d+/);
    const childUrl = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(child.output())![1]!;
    const streams = Array.from({ length: 20 }, () => openStream(`${childUrl}/v1/events`, company.agent));
    await Promise.all(streams.map((s) => s.opened));
    expect(streams.map((s) => s.status())).toEqual(Array(20).fill(200));
    const refused = openStream(`${baseA}/v1/events`, company.agent);
    await refused.opened;
    expect(refused.status()).toBe(429);

    child.kill("SIGKILL");
    await child.exited;
    const stream = await openWhenAllowed(`${baseA}/v1/events`, company.agent);
    stream.close();
  }, 90_000);

  it("drops a stream whose client does not read, freeing what the server held for it", async () => {
    const company = await createCompany(verdict.app, "Slow reader");
    const port = Number(new URL(baseA).port);
    const socket = connect(port, "127.0.0.1");
    socket.pause(); // never reads: what the server writes piles up in its buffers
    socket.write(
      `GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${company.agent}\r\n\r\n`,
    );
    await waitFor(async () => (await streamsOpen(company.id)) === 1, 10_000, "the stream open");

    const padding = "x".repeat(16 * 1024);
    await waitFor(
      async () => {
        if ((await streamsOpen(company.id)) === 0) return true;
        const events = Array.from({ length: 20 }, () => ({
          event: "session.updated" as const,
          data: { padding },
        }));
        await verdict.ctx.live.publish(company.id, events);
        return false;
      },
      20_000,
      "the slow stream dropped",
    );
    const kept = async () => (await verdict.ctx.metrics.eventStreams.get()).values[0]?.value;
    await waitFor(async () => (await kept()) === 0, 10_000, "no stream kept in memory");
    socket.destroy();
  });
});
