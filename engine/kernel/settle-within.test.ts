import { describe, expect, it } from "vitest";
import { settleWithin, TimeoutError } from "./settle-within.js";

describe("settleWithin", () => {
  it("answers what the promise answers when it settles first", async () => {
    await expect(settleWithin(Promise.resolve(7), 60_000)).resolves.toBe(7);
    await expect(settleWithin(Promise.reject(new Error("no")), 60_000)).rejects.toThrow("no");
  });

  it("rejects with a TimeoutError naming what did not happen when the promise is slower", async () => {
    const never = new Promise(() => {});
    const error = await settleWithin(never, 1, "Redis did not take the job").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe("Redis did not take the job");
  });
});
