import { get } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  type TestCompany,
  testSeed,
  useTestVerdict,
  waitFor,
  waitForNonePending,
} from "./helpers.js";
import { png } from "./images.js";
import { readPdf } from "./pdf.js";
import { startReceiver } from "./receiver.js";

// Isolation, by property: two companies, each with a key of every role and a signed-in master
// user, make random interleaved calls across the routes, and try every id the other has seen.
// No answer, file, event or webhook of one may carry an id or a datum of the other, and every
// call with the other's id answers 404. Each run starts two fresh companies; ids and data are
// remembered across runs, so a leak between any two companies of the file is found.
const verdict = useTestVerdict({
  env: {
    VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    VERDICT_COOKIE_SECURE: "false",
    VERDICT_WEBHOOK_RETRY_BASE_MS: "50",
  },
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Every datum a side writes carries its marker: `Alpha3Q` is company A of run 3. */
const MARKER = /(?:Alpha|Bravo)\d+Q/g;
const PASSWORD = "isolation password 1";

type Principal = "integrator" | "agent" | "master" | "user";
type Kind = "session" | "parked" | "export" | "simulation" | "delivery" | "user" | "key";

interface Side {
  label: "Alpha" | "Bravo";
  marker: string;
  company: TestCompany;
  cookie: string;
  csrfToken: string;
  seen: Record<Kind, string[]>;
  submitted: number;
}

/** A run's two companies; `sides[1 - i]` is the other of `sides[i]`. */
interface World {
  sides: [Side, Side];
}

/** Which company each id seen so far belongs to, over every run of the file. */
const owners = new Map<string, string>();
/** The companies of the file, by label, for the webhooks each receiver got. */
const companiesOf = { Alpha: new Set<string>(), Bravo: new Set<string>() };
let receivers: {
  Alpha: Awaited<ReturnType<typeof startReceiver>>;
  Bravo: Awaited<ReturnType<typeof startReceiver>>;
};
let base = "";
let runs = 0;
let calls = 0;

beforeAll(async () => {
  receivers = { Alpha: await startReceiver(), Bravo: await startReceiver() };
  await verdict.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(verdict.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await receivers?.Alpha.close();
  await receivers?.Bravo.close();
});

/**
 * What `side` was answered must name nothing of another company: every marker in it is its own,
 * and every id in it is its own or new. Ids the request itself carried (a 404 may name them) are
 * not counted.
 */
function inspect(side: Side, text: string, what: string, carried = ""): void {
  for (const marker of text.match(MARKER) ?? []) {
    expect(marker, `${side.marker} was answered another company's datum by ${what}`).toBe(side.marker);
  }
  const sent = new Set((carried.match(UUID) ?? []).map((id) => id.toLowerCase()));
  for (const raw of text.match(UUID) ?? []) {
    const id = raw.toLowerCase();
    if (sent.has(id)) continue;
    const owner = owners.get(id);
    if (owner === undefined) owners.set(id, side.company.id);
    else
      expect(owner, `${side.marker} was answered another company's id ${id} by ${what}`).toBe(
        side.company.id,
      );
  }
}

async function send(
  side: Side,
  principal: Principal,
  method: InjectOptions["method"],
  url: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  calls++;
  const auth =
    principal === "user"
      ? { cookies: { verdict_session: side.cookie }, headers: { "x-csrf-token": side.csrfToken } }
      : { headers: { authorization: `Bearer ${side.company[principal]}` } };
  const response = await verdict.app.inject({
    method,
    url,
    ...auth,
    headers: { ...auth.headers, ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as InjectOptions["payload"] }),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500);
  const contentType = String(response.headers["content-type"] ?? "");
  const what = `${method} ${url}`;
  const carried = `${url} ${options.body === undefined || Buffer.isBuffer(options.body) ? "" : JSON.stringify(options.body)}`;
  if (contentType.startsWith("application/pdf"))
    inspect(side, (await readPdf(response.rawPayload)).text, what, carried);
  else if (!contentType.startsWith("image/")) inspect(side, response.body, what, carried);
  return response;
}

function remember(side: Side, kind: Kind, id: string): void {
  if (!side.seen[kind].includes(id)) side.seen[kind].push(id);
}

/** An operation that lists `path` and remembers the ids of its items as `kind`. */
function listing(name: string, principals: Principal[], path: string, kind: Kind): Operation {
  return {
    name,
    principals,
    async run(side, principal) {
      const response = await send(side, principal, "GET", path);
      for (const item of response.json().items as { id: string }[]) remember(side, kind, item.id);
      return response;
    },
  };
}

function sessionBody(side: Side, parked: boolean) {
  const n = ++side.submitted;
  const { marker } = side;
  return {
    externalId: `${marker}-order-${n}`,
    data: goodData({
      person: {
        firstName: `${marker}First`,
        lastName: `${marker}Last`,
        birthDate: "1990-05-05",
        nationality: "GE",
        documentNumber: `${marker}DOC${n}`,
        personalNumber: `${marker}PN${n}`,
      },
      ...(parked ? { faceMatch: { matchLevel: 1, confidence: 20 } } : {}),
    }),
  };
}

/** Reads an event stream of `side` for a bounded number of events, or until a moment passes. */
function readEvents(side: Side, principal: Exclude<Principal, "user">): Promise<string> {
  calls++;
  return new Promise((resolve, reject) => {
    let text = "";
    const request = get(
      `${base}/v1/events`,
      { headers: { authorization: `Bearer ${side.company[principal]}`, "last-event-id": "0-0" } },
      (response) => {
        expect(response.statusCode).toBe(200);
        response.setEncoding("utf8");
        const done = () => {
          clearTimeout(timer);
          response.destroy();
          resolve(text);
        };
        // a bound on how long one reads, not an expectation: a slow machine reads fewer events
        const timer = setTimeout(done, 500);
        response.on("data", (chunk: string) => {
          text += chunk;
          if ((text.match(/\n\n/g) ?? []).length >= 50) done();
        });
        response.on("error", done);
      },
    );
    request.on("error", reject);
  });
}

const ANY: Principal[] = ["integrator", "agent", "master", "user"];
const REVIEWERS: Principal[] = ["agent", "master", "user"];
const MASTERS: Principal[] = ["master", "user"];
const INTEGRATION: Principal[] = ["integrator", "master", "user"];

interface Operation {
  name: string;
  principals: Principal[];
  /** The kind of id it works on, if any: the command picks one of its side's, or of the other's. */
  target?: Kind;
  run(
    side: Side,
    principal: Principal,
    id: string | undefined,
    world: World,
  ): Promise<LightMyRequestResponse>;
}

const OPERATIONS: Operation[] = [
  {
    name: "submit",
    principals: ["integrator"],
    async run(side, principal) {
      const parked = side.submitted % 2 === 0;
      const response = await send(side, principal, "POST", "/v1/sessions", {
        body: sessionBody(side, parked),
      });
      expect(response.statusCode).toBe(202);
      remember(side, "session", response.json().id);
      if (parked) remember(side, "parked", response.json().id);
      return response;
    },
  },
  {
    name: "batch",
    principals: ["integrator"],
    async run(side, principal) {
      const sessions = [sessionBody(side, true), sessionBody(side, false)];
      const response = await send(side, principal, "POST", "/v1/sessions/batch", { body: { sessions } });
      expect(response.json().accepted).toHaveLength(2);
      const [parked, passed] = response.json().accepted as { id: string }[];
      remember(side, "session", parked!.id);
      remember(side, "parked", parked!.id);
      remember(side, "session", passed!.id);
      return response;
    },
  },
  {
    name: "read session",
    principals: ANY,
    target: "session",
    run: (s, p, id) => send(s, p, "GET", `/v1/sessions/${id}`),
  },
  { name: "list sessions", principals: ANY, run: (s, p) => send(s, p, "GET", "/v1/sessions?limit=500") },
  {
    name: "search the other's data",
    principals: ANY,
    async run(side, principal, _id, world) {
      const other = world.sides[world.sides[0] === side ? 1 : 0];
      const response = await send(side, principal, "GET", `/v1/sessions?q=${other.marker}`);
      expect(response.json().items).toEqual([]);
      return response;
    },
  },
  { name: "search", principals: ANY, run: (s, p) => send(s, p, "GET", `/v1/sessions?q=${s.marker}DOC`) },
  {
    name: "awaiting",
    principals: REVIEWERS,
    run: (s, p) => send(s, p, "GET", "/v1/awaiting-action?limit=500"),
  },
  { name: "rejections", principals: REVIEWERS, run: (s, p) => send(s, p, "GET", "/v1/rejections") },
  { name: "dashboard", principals: REVIEWERS, run: (s, p) => send(s, p, "GET", "/v1/dashboard") },
  {
    name: "upload",
    principals: ["integrator", "master"],
    target: "session",
    run: (side, principal, id) =>
      send(side, principal, "PUT", `/v1/sessions/${id}/media/selfie`, {
        body: png(side.label === "Alpha" ? 1 : 2),
        headers: { "content-type": "image/png" },
      }),
  },
  {
    name: "list media",
    principals: ANY,
    target: "session",
    run: (s, p, id) => send(s, p, "GET", `/v1/sessions/${id}/media`),
  },
  {
    name: "read media",
    principals: ANY,
    target: "session",
    async run(side, principal, id) {
      const response = await send(side, principal, "GET", `/v1/sessions/${id}/media/selfie`);
      // a selfie it can see is its own image
      if (response.statusCode === 200)
        expect(response.rawPayload.equals(png(side.label === "Alpha" ? 1 : 2))).toBe(true);
      return response;
    },
  },
  {
    name: "report",
    principals: REVIEWERS,
    target: "session",
    run: (s, p, id) => send(s, p, "GET", `/v1/sessions/${id}/report.pdf`),
  },
  {
    name: "export",
    principals: REVIEWERS,
    async run(side, principal) {
      const response = await send(side, principal, "POST", "/v1/exports", { body: { list: "sessions" } });
      remember(side, "export", response.json().id);
      return response;
    },
  },
  {
    name: "export file",
    principals: REVIEWERS,
    target: "export",
    async run(side, principal, id) {
      const status = await send(side, principal, "GET", `/v1/exports/${id}`);
      if (status.statusCode === 404) return send(side, principal, "GET", `/v1/exports/${id}/file`);
      await waitFor(
        async () => (await send(side, principal, "GET", `/v1/exports/${id}`)).json().status === "completed",
        undefined,
        "an export",
      );
      return send(side, principal, "GET", `/v1/exports/${id}/file`);
    },
  },
  {
    name: "events",
    principals: ["integrator", "agent", "master"],
    async run(side, principal) {
      const text = await readEvents(side, principal as Exclude<Principal, "user">);
      inspect(side, text, "GET /v1/events");
      return send(side, principal, "GET", "/v1/me");
    },
  },
  listing("deliveries", INTEGRATION, "/v1/webhook-deliveries?limit=500", "delivery"),
  {
    name: "delivery",
    principals: INTEGRATION,
    target: "delivery",
    run: (s, p, id) => send(s, p, "GET", `/v1/webhook-deliveries/${id}`),
  },
  {
    name: "redeliver",
    principals: INTEGRATION,
    target: "delivery",
    run: (s, p, id) => send(s, p, "POST", `/v1/webhook-deliveries/${id}/redeliver`),
  },
  {
    name: "simulate",
    principals: MASTERS,
    async run(side, principal) {
      const rules = (await send(side, principal, "GET", "/v1/rules")).json().rules;
      const response = await send(side, principal, "POST", "/v1/rules/simulations", {
        body: { rules: rules.slice(1) },
      });
      expect(response.statusCode).toBe(202);
      remember(side, "simulation", response.json().id);
      return response;
    },
  },
  {
    name: "simulation",
    principals: MASTERS,
    target: "simulation",
    run: (s, p, id) => send(s, p, "GET", `/v1/rules/simulations/${id}`),
  },
  {
    name: "shadow",
    principals: MASTERS,
    async run(side, principal) {
      const rules = (await send(side, principal, "GET", "/v1/rules")).json().rules;
      await send(side, principal, "PUT", "/v1/rules/shadow", { body: { rules: rules.slice(0, 3) } });
      return send(side, principal, "GET", "/v1/rules/shadow");
    },
  },
  {
    name: "add user",
    principals: MASTERS,
    async run(side, principal) {
      const n = side.seen.user.length;
      const response = await send(side, principal, "POST", "/v1/users", {
        body: {
          email: `${side.marker.toLowerCase()}-${n}@example.com`,
          name: `${side.marker} agent ${n}`,
          role: "agent",
          password: PASSWORD,
        },
      });
      expect(response.statusCode).toBe(201);
      remember(side, "user", response.json().id);
      return response;
    },
  },
  listing("users", MASTERS, "/v1/users", "user"),
  {
    name: "change user",
    principals: MASTERS,
    target: "user",
    run: (s, p, id) => send(s, p, "PATCH", `/v1/users/${id}`, { body: { active: true } }),
  },
  listing("keys", MASTERS, "/v1/api-keys", "key"),
  {
    name: "delete key",
    principals: MASTERS,
    target: "key",
    // only the other's keys: deleting its own would leave a side without a role
    run: (s, p, id) =>
      send(
        s,
        p,
        "DELETE",
        `/v1/api-keys/${s.seen.key.includes(id ?? "") ? "00000000-0000-4000-8000-000000000000" : id}`,
      ),
  },
  { name: "activity", principals: MASTERS, run: (s, p) => send(s, p, "GET", "/v1/activity?limit=500") },
  {
    name: "claim",
    principals: REVIEWERS,
    target: "parked",
    run: (s, p, id) => send(s, p, "POST", `/v1/sessions/${id}/claim`),
  },
  {
    name: "release",
    principals: REVIEWERS,
    target: "parked",
    run: (s, p, id) => send(s, p, "DELETE", `/v1/sessions/${id}/claim`),
  },
  {
    name: "note",
    principals: REVIEWERS,
    target: "session",
    run: (s, p, id) =>
      send(s, p, "POST", `/v1/sessions/${id}/notes`, { body: { text: `${s.marker} looked at it` } }),
  },
  {
    name: "resolve",
    principals: REVIEWERS,
    target: "parked",
    run: (s, p, id) =>
      send(s, p, "POST", `/v1/sessions/${id}/resolve`, {
        body: { outcome: "rejected", reason: "SPAM", note: `${s.marker} spam` },
      }),
  },
  { name: "next", principals: REVIEWERS, run: (s, p) => send(s, p, "POST", "/v1/awaiting-action/next") },
];

/** Every route that takes an id of a kind, as the other side tries it. */
const TRIES: Record<Kind, (id: string) => [InjectOptions["method"], string, unknown?][]> = {
  session: (id) => [
    ["GET", `/v1/sessions/${id}`],
    ["GET", `/v1/sessions/${id}/media`],
    ["GET", `/v1/sessions/${id}/media/selfie`],
    ["GET", `/v1/sessions/${id}/report.pdf`],
    ["POST", `/v1/sessions/${id}/notes`, { text: "not yours" }],
    ["POST", `/v1/sessions/${id}/liquidate`],
  ],
  parked: (id) => [
    ["POST", `/v1/sessions/${id}/claim`],
    ["DELETE", `/v1/sessions/${id}/claim`],
    ["POST", `/v1/sessions/${id}/resolve`, { outcome: "success" }],
    ["POST", `/v1/sessions/${id}/request-resubmission`, { reason: "SPAM" }],
    ["POST", `/v1/sessions/${id}/proposal/approve`],
    ["POST", `/v1/sessions/${id}/proposal/decline`, { note: "no" }],
  ],
  export: (id) => [
    ["GET", `/v1/exports/${id}`],
    ["GET", `/v1/exports/${id}/file`],
  ],
  simulation: (id) => [["GET", `/v1/rules/simulations/${id}`]],
  delivery: (id) => [
    ["GET", `/v1/webhook-deliveries/${id}`],
    ["POST", `/v1/webhook-deliveries/${id}/redeliver`],
  ],
  user: (id) => [["PATCH", `/v1/users/${id}`, { active: false }]],
  key: (id) => [["DELETE", `/v1/api-keys/${id}`]],
};

class Act implements fc.AsyncCommand<World, World> {
  constructor(
    readonly operation: Operation,
    readonly sideIndex: 0 | 1,
    readonly principalIndex: number,
    readonly fromOther: boolean,
    readonly targetIndex: number,
  ) {}
  private target(world: World): string | undefined {
    const kind = this.operation.target;
    if (!kind) return undefined;
    const ids = world.sides[this.fromOther ? 1 - this.sideIndex : this.sideIndex]!.seen[kind];
    return ids.length === 0 ? undefined : ids[this.targetIndex % ids.length];
  }
  check(world: Readonly<World>): boolean {
    return !this.operation.target || this.target(world as World) !== undefined;
  }
  async run(_model: World, world: World): Promise<void> {
    const side = world.sides[this.sideIndex];
    const principal = this.operation.principals[this.principalIndex % this.operation.principals.length]!;
    const response = await this.operation.run(side, principal, this.target(world), world);
    if (this.operation.target && this.fromOther)
      expect(response.statusCode, `${this}: ${response.body}`).toBe(404);
  }
  toString(): string {
    const who = this.sideIndex === 0 ? "Alpha" : "Bravo";
    const target = this.operation.target
      ? ` ${this.fromOther ? "other's" : "own"} ${this.operation.target}#${this.targetIndex}`
      : "";
    return `${who}: ${this.operation.name}${target} (principal ${this.principalIndex})`;
  }
}

const actArbitrary = fc
  .record({
    // submissions more often than the rest, so that later calls have sessions to work on
    operation: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...OPERATIONS.filter((op) => op.name === "submit" || op.name === "batch")),
      },
      { weight: 10, arbitrary: fc.constantFrom(...OPERATIONS) },
    ),
    side: fc.constantFrom<0 | 1>(0, 1),
    principal: fc.nat({ max: 3 }),
    fromOther: fc.boolean(),
    target: fc.nat({ max: 20 }),
  })
  .map(
    ({ operation, side, principal, fromOther, target }) =>
      new Act(operation, side, principal, fromOther, target),
  );

async function newSide(label: Side["label"], run: number): Promise<Side> {
  const marker = `${label}${run}Q`;
  const company = await createCompany(verdict.app, `${marker} Ltd`);
  companiesOf[label].add(company.id);
  const email = `${marker.toLowerCase()}-master@example.com`;
  const created = await call(verdict.app, company.master, "POST", "/v1/users", {
    email,
    name: `${marker} Master`,
    role: "master",
    password: PASSWORD,
  });
  expect(created.statusCode, created.body).toBe(201);
  const signedIn = await verdict.app.inject({
    method: "POST",
    url: "/v1/auth/sign-in",
    payload: { email, password: PASSWORD },
  });
  expect(signedIn.statusCode, signedIn.body).toBe(200);
  const cookie = signedIn.cookies.find((c) => c.name === "verdict_session")!.value;
  const settings = await call(verdict.app, company.master, "PUT", "/v1/settings", {
    webhook: { url: receivers[label].url, enabled: true },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  const side: Side = {
    label,
    marker,
    company,
    cookie,
    csrfToken: signedIn.json().csrfToken,
    seen: {
      session: [],
      parked: [],
      export: [],
      simulation: [],
      delivery: [],
      user: [created.json().id],
      key: [],
    },
    submitted: 0,
  };
  // what a company's creation answered is its own
  inspect(side, JSON.stringify({ company: company.id, user: created.body, me: signedIn.body }), "set-up");
  return side;
}

/** The other side tries every id this side has seen, on every route that takes one: 404 each. */
async function tryEveryId(world: World): Promise<void> {
  for (const [index, side] of world.sides.entries()) {
    const other = world.sides[1 - index]!;
    for (const kind of Object.keys(TRIES) as Kind[]) {
      for (const id of side.seen[kind]) {
        for (const [method, url, body] of TRIES[kind](id)) {
          for (const principal of ["master", "user"] as const) {
            const response = await send(other, principal, method, url, { body });
            expect(response.statusCode, `${other.marker} ${method} ${url}: ${response.body}`).toBe(404);
          }
        }
      }
    }
  }
}

describe("two companies", () => {
  it("never see each other's ids or data, and each other's ids answer 404", async () => {
    const seed = testSeed();
    await fc.assert(
      fc.asyncProperty(fc.commands([actArbitrary], { maxCommands: 40 }), async (commands) => {
        const run = ++runs;
        const world: World = { sides: [await newSide("Alpha", run), await newSide("Bravo", run)] };
        await fc.asyncModelRun(() => ({ model: world, real: world }), commands);
        await tryEveryId(world);
      }),
      { seed, numRuns: 20, verbose: 1 },
    );

    // every webhook each receiver got is of its own label's companies
    await waitForNonePending(verdict, "every webhook delivered", "webhook_deliveries");
    for (const label of ["Alpha", "Bravo"] as const) {
      expect(receivers[label].received.length).toBeGreaterThan(0);
      for (const { body } of receivers[label].received) {
        for (const marker of body.match(MARKER) ?? []) expect(marker.startsWith(label), body).toBe(true);
        for (const id of body.match(UUID) ?? []) {
          const owner = owners.get(id.toLowerCase());
          if (owner !== undefined) expect(companiesOf[label].has(owner), `${label} got ${id}`).toBe(true);
        }
      }
    }
    console.log(
      `isolation: ${runs} runs, ${calls} calls, ${owners.size} ids, ${receivers.Alpha.received.length + receivers.Bravo.received.length} webhooks`,
    );
  });
});
