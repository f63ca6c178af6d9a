import { get, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../api/app.js";
import { type Context, closeContext, openContext } from "../engine/context.js";
import { call, createCompany, goodData, startTestVerdict, type TestVerdict, waitFor } from "./helpers.js";

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
beforeAll(async () => {
  verdict = await startTestVerdict();
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
