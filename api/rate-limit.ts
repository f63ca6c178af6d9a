import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { knownPrincipal } from "../engine/companies/keys.js";
import { DomainError } from "../engine/kernel/errors.js";
import { principalHolder } from "../engine/kernel/model.js";
import type { Broker } from "../engine/platform/broker.js";
import type { Context } from "../engine/platform/context.js";
import { bearerToken } from "./auth.js";

const WINDOW_MS = 60_000;

/** Whose budget an authenticated request spends: its key's, its user's, or the operator's. */
const principalKey = (request: FastifyRequest): string =>
  request.principal ? principalHolder(request.principal) : `ip:${request.ip}`;

/**
 * The address whose failures a request counts as: an IPv4 address, or the /64 of an IPv6 one,
 * since one subscriber holds a whole /64 and could otherwise spend a fresh budget on each address.
 */
function clientBlock(ip: string): string {
  const address = ip.replace(/%.*$/, "").toLowerCase(); // without a zone
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = address.includes("::") ? Array(Math.max(0, 8 - left.length - right.length)).fill("0") : [];
  const groups = [...left, ...zeros, ...right].slice(0, 4).map((group) => group.replace(/^0+(?=.)/, ""));
  return `${groups.join(":")}::/64`;
}

/**
 * @fastify/rate-limit's store over the broker's window counters, so that Redis or Postgres,
 * whichever the broker is, shares the counts between the API processes.
 */
function brokerStore(broker: Broker, nameSpace: string) {
  return class BrokerStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      broker.count(nameSpace + key, 1, timeWindow).then(
        ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
        (error: Error) => callback(error),
      );
    }

    child() {
      return new BrokerStore();
    }
  };
}

/**
 * Failed authentications count against the client's address (one counter an address, none a
 * token), and an address that has spent its budget is refused before its token is looked up.
 * A token this process already knows to be valid passes, so a key keeps working from an address
 * that others abuse.
 */
function refuseFailingAddresses(app: FastifyInstance, ctx: Context): void {
  const budget = ctx.config.authFailuresPerMinute;
  const failuresKey = (request: FastifyRequest) =>
    `${ctx.config.queuePrefix}:rate-limit:auth-failures:${clientBlock(request.ip)}`;
  app.addHook("onRequest", async (request, reply) => {
    if (request.is404) return;
    const token = bearerToken(request);
    if (token && knownPrincipal(ctx, token)) return;
    const read = await ctx.broker.count(failuresKey(request), 0, WINDOW_MS).catch(() => undefined);
    if (!read || read.count < budget) return;
    const seconds = Math.max(1, Math.ceil(read.resetInMs / 1000));
    reply.header("retry-after", String(seconds));
    throw new DomainError(
      429,
      "RATE_LIMITED",
      `more than ${budget} failed authentications a minute from this address; retry in ${seconds} seconds`,
    );
  });
  // onError is awaited before the answer, so the next request from the address sees this failure
  app.addHook("onError", async (request, _reply, error) => {
    if (!(error instanceof DomainError) || error.statusCode !== 401) return;
    await ctx.broker.count(failuresKey(request), 1, WINDOW_MS).catch(() => {});
  });
}

/**
 * Rate limits over one window a minute, counted by the broker so that every API process shares
 * them: requests per key (or operator), once authenticated, and failed authentications per
 * address, before the look-up, so that a flood of made-up tokens costs no key look-up and no
 * storage per token. Redis answers fast or not at all here: during an outage, requests pass unlimited.
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: Context }) => {
    const { rateLimitPerMinute, authFailuresPerMinute } = ctx.config;
    if (rateLimitPerMinute === 0 && authFailuresPerMinute === 0) return;
    if (authFailuresPerMinute > 0) refuseFailingAddresses(app, ctx);
    if (rateLimitPerMinute === 0) return;
    await app.register(rateLimit, {
      global: false,
      max: rateLimitPerMinute,
      timeWindow: WINDOW_MS,
      store: brokerStore(ctx.broker, `${ctx.config.queuePrefix}:rate-limit:`),
      skipOnError: true,
      keyGenerator: principalKey,
      errorResponseBuilder: (_request, context) =>
        new DomainError(
          429,
          "RATE_LIMITED",
          `more than ${context.max} requests a minute with this token; retry in ${context.after}`,
        ),
    });
    // preParsing: after authentication (an onRequest hook), before the body is read
    app.addHook("preParsing", app.rateLimit());
  },
  { name: "verdict-rate-limit" },
);
