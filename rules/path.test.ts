import { describe, expect, it } from "vitest";
import { parsePath, resolvePath } from "./path.js";

describe("parsePath", () => {
  it("reads names and indexes after $", () => {
    expect(parsePath("$")).toEqual([]);
    expect(parsePath("$.a.b[0]")).toEqual(["a", "b", 0]);
    expect(parsePath("$[2][10]._x.Y9")).toEqual([2, 10, "_x", "Y9"]);
  });

  it("answers null for anything more", () => {
    const invalid = [
      "",
      "a",
      ".a",
      "$.",
      "$..a",
      "$.a[*]",
      "$['a']",
      "$.a[-1]",
      "$.1a",
      "$[0",
      "$ .a",
      "$.a.b()",
    ];
    for (const path of [...invalid, "$[?(@.x)]", "$.a[1:2]", `$${".a".repeat(300)}`]) {
      expect(parsePath(path)).toBeNull();
    }
  });

  it("answers the same segments from its cache", () => {
    expect(parsePath("$.cached[1]")).toBe(parsePath("$.cached[1]"));
  });
});

describe("resolvePath", () => {
  const data = { a: { b: [{ c: 1 }, null], zero: 0, empty: "" }, list: [10, 20] };

  it("follows own properties and array indexes", () => {
    expect(resolvePath(data, "$.a.b[0].c")).toBe(1);
    expect(resolvePath(data, "$.a.b[1]")).toBeNull();
    expect(resolvePath(data, "$.a.zero")).toBe(0);
    expect(resolvePath(data, "$.a.empty")).toBe("");
    expect(resolvePath(data, "$.list[1]")).toBe(20);
    expect(resolvePath(data, "$")).toBe(data);
  });

  it("answers undefined for what cannot be followed", () => {
    expect(resolvePath(data, "$.missing")).toBeUndefined();
    expect(resolvePath(data, "$.a.b[5]")).toBeUndefined();
    expect(resolvePath(data, "$.a.b[1].c")).toBeUndefined();
    expect(resolvePath(data, "$.a.zero.x")).toBeUndefined();
    expect(resolvePath(data, "$.a[0]")).toBeUndefined();
    expect(resolvePath(data, "$.list.length")).toBeUndefined();
    expect(resolvePath("text", "$.length")).toBeUndefined();
    expect(resolvePath(undefined, "$.a")).toBeUndefined();
  });

  it("never reaches the prototype", () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
      expect(resolvePath({}, `$.${name}`)).toBeUndefined();
      expect(resolvePath({ a: {} }, `$.a.${name}`)).toBeUndefined();
      expect(resolvePath([], `$.${name}`)).toBeUndefined();
    }
    expect(resolvePath({}, "$.constructor.prototype")).toBeUndefined();
    expect(resolvePath({}, "$.__proto__.polluted")).toBeUndefined();
  });

  it("reads __proto__ and constructor when the data has them itself", () => {
    const parsed = JSON.parse('{ "__proto__": { "x": 1 }, "constructor": "own" }');
    expect(resolvePath(parsed, "$.__proto__.x")).toBe(1);
    expect(resolvePath(parsed, "$.constructor")).toBe("own");
  });

  it("answers undefined for an invalid path", () => {
    expect(resolvePath(data, "$..c")).toBeUndefined();
    expect(resolvePath(data, "a")).toBeUndefined();
  });
});
