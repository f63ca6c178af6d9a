import { describe, expect, it } from "vitest";
import { findUnstorableText } from "./unstorable-text.js";

describe("findUnstorableText", () => {
  it("finds NUL characters and unpaired surrogates, in values and keys", () => {
    expect(findUnstorableText({ a: ["ok", "x\u0000"] }, "body")).toBe("body/a/1");
    expect(findUnstorableText({ a: "\ud800" }, "body")).toBe("body/a");
    expect(findUnstorableText({ a: "\udc00x" }, "body")).toBe("body/a");
    expect(findUnstorableText({ "k\u0000": 1 }, "body")).toBe("body/k\u0000");
  });

  it("looks into a querystring as Fastify parses it: an object of a class whose prototype has none", () => {
    function Empty() {}
    Empty.prototype = Object.create(null);
    const query = Object.assign(Object.create(Empty.prototype) as Record<string, unknown>, { q: "\u0000" });
    expect(findUnstorableText(query, "querystring")).toBe("querystring/q");
  });

  it("passes ordinary text, emoji included", () => {
    expect(findUnstorableText({ a: "Nino 😀", b: [1, null, true, { c: "ბერიძე" }] }, "body")).toBeUndefined();
  });
});
