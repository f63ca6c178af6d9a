import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testSeed } from "../../test/random.js";
import { canonicalJson, sha256Hex } from "./canonical-json.js";
import { isUuid, uuidv7 } from "./ids.js";

describe("canonicalJson", () => {
  it("is the same for the same data in any key order", () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } };
    const b = { a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(sha256Hex(canonicalJson(a))).toBe(sha256Hex(canonicalJson(b)));
  });

  it("writes what JSON.stringify with a key-sorting replacer writes, so stored hashes still match", () => {
    const sortingReplacer = (_key: string, inner: unknown) => {
      if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
      return sorted;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // The body parser refuses "__proto__" (Fastify's default), which the replacer dropped.
        fc.pre(!text.includes('"__proto__"'));
        const parsed = JSON.parse(text);
        expect(canonicalJson(parsed)).toBe(JSON.stringify(parsed, sortingReplacer));
      }),
      { numRuns: 5000, seed: testSeed() },
    );
  });

  it("tells different data apart, array order included", () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
  });
});

describe("uuidv7", () => {
  it("makes valid version 7 UUIDs that sort by time", () => {
    const first = uuidv7(1_700_000_000_000);
    const second = uuidv7(1_700_000_000_001);
    expect(isUuid(first)).toBe(true);
    expect(first[14]).toBe("7");
    expect(first < second).toBe(true);
    expect(first.slice(0, 13)).toBe("018bcfe5-6800");
    expect("89ab").toContain(first[19]);
    expect(uuidv7(1_700_000_000_000)).not.toBe(first);
  });
});
