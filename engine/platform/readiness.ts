import { settleWithin } from "../kernel/settle-within.js";
import type { Context } from "./context.js";

const CHECK_TIMEOUT_MS = 1000;

const answersWithin = (promise: Promise<unknown>, ms: number): Promise<boolean> =>
  settleWithin(promise, ms).then(
    () => true,
    () => false,
  );

/**
 * Whether the broker (Redis, or the queues' Postgres pool) and Postgres answer now, each within a
 * second; `redis` is the broker's answer in either mode, as the contract names it.
 */
export async function checkReadiness(ctx: Context): Promise<{ redis: boolean; postgres: boolean }> {
  const [redis, postgres] = await Promise.all([
    answersWithin(ctx.broker.ping(), CHECK_TIMEOUT_MS),
    answersWithin(ctx.pool.query("SELECT 1"), CHECK_TIMEOUT_MS),
  ]);
  return { redis, postgres };
}
