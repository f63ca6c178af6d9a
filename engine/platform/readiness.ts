import type { Context } from "./context.js";

const CHECK_TIMEOUT_MS = 1000;

function within<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([
    promise.then(
      () => true,
      () => false,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/** Whether Redis and Postgres answer now, each within a second. */
export async function checkReadiness(ctx: Context): Promise<{ redis: boolean; postgres: boolean }> {
  const [redis, postgres] = await Promise.all([
    within(ctx.redis.ping(), CHECK_TIMEOUT_MS),
    within(ctx.pool.query("SELECT 1"), CHECK_TIMEOUT_MS),
  ]);
  return { redis, postgres };
}
