import { describe, expect, it } from "vitest";
import { cursorShape, positionValue, readPage } from "./pagination.js";

describe("position values", () => {
  it("takes only ids, versions and instants that Postgres takes", () => {
    expect([1, 2 ** 53 - 1].map(positionValue.rowId)).toEqual([true, true]);
    expect([0, -1, 1.5, 2 ** 53, 1e300, "1", null].map(positionValue.rowId)).toEqual(Array(7).fill(false));
    expect([1, 2_147_483_647].map(positionValue.integer)).toEqual([true, true]);
    expect([0, 2_147_483_648, 1e300].map(positionValue.integer)).toEqual([false, false, false]);
    expect(positionValue.instant("2026-12-02T05:00:00.000Z")).toBe(true);
    for (const instant of [
      "-271821-04-20T00:00:00.000Z", // a JavaScript date Postgres refuses
      "+275760-09-13T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "2026-02-30T00:00:00.000Z", // no such day
      "2026-12-02", // not as Verdict writes it
      "yesterday",
      1_700_000_000_000,
    ]) {
      expect(positionValue.instant(instant), String(instant)).toBe(false);
    }
  });
});

describe("pages", () => {
  const shape = cursorShape("numbers", { n: positionValue.rowId }, (row: number) => ({ n: row }));
  const numbers = Array.from({ length: 5 }, (_, index) => index + 1);
  const fetch = async (after: { n: number } | undefined, limit: number) =>
    numbers.filter((n) => after === undefined || n > after.n).slice(0, limit);

  it("walks a list to its end and refuses a cursor it did not give out", async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await readPage(shape, { limit: 2, cursor }, fetch);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(numbers);

    const other = cursorShape("others", { n: positionValue.rowId }, (row: number) => ({ n: row }));
    const foreign = (await readPage(other, { limit: 1 }, fetch)).nextCursor!;
    const extra = Buffer.from(JSON.stringify({ list: "numbers", n: 1, more: 2 })).toString("base64url");
    for (const bad of [foreign, extra, "%%%", Buffer.from("null").toString("base64url")]) {
      await expect(readPage(shape, { limit: 1, cursor: bad }, fetch)).rejects.toMatchObject({
        statusCode: 400,
        code: "INVALID_CURSOR",
      });
    }
  });
});
