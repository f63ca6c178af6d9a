import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./hash.js";
import { isUuid, uuidv7 } from "./ids.js";

describe("canonicalJson", () => {
  it("is the same for the same data in any key order", () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } };
    const b = { a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(sha256Hex(canonicalJson(a))).toBe(sha256Hex(canonicalJson(b)));
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
  });
});
