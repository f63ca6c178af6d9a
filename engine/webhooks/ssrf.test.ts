import { describe, expect, it } from "vitest";
import { checkWebhookUrl, isPrivateAddress, UnsafeUrlError } from "./ssrf.js";

// IPv6 forms that carry an IPv4 address are judged by the address they carry.
const cases: [address: string, isPrivate: boolean, why: string][] = [
  ["127.0.0.1", true, "loopback"],
  ["8.8.8.8", false, "public IPv4"],
  ["::1", true, "IPv6 loopback"],
  ["::", true, "unspecified"],
  ["2606:4700:4700::1111", false, "public IPv6"],
  ["2001:db8::1", true, "documentation"],
  ["fd00::1", true, "unique local"],
  ["fe80::1", true, "link-local"],
  // IPv4-compatible (::/96)
  ["::127.0.0.1", true, "IPv4-compatible loopback"],
  ["::7f00:1", true, "IPv4-compatible loopback, in hex"],
  ["::a9fe:a9fe", true, "IPv4-compatible metadata address"],
  ["::8.8.8.8", false, "IPv4-compatible public"],
  // IPv4-mapped (::ffff:0:0/96) and IPv4-translated (::ffff:0:0:0/96)
  ["::ffff:127.0.0.1", true, "IPv4-mapped loopback"],
  ["::ffff:7f00:1", true, "IPv4-mapped loopback, in hex"],
  ["::ffff:10.1.2.3", true, "IPv4-mapped private"],
  ["::ffff:8.8.8.8", false, "IPv4-mapped public"],
  ["::ffff:0:127.0.0.1", true, "IPv4-translated loopback"],
  ["::ffff:0:8.8.8.8", false, "IPv4-translated public"],
  // NAT64 (64:ff9b::/96); the local-use prefix 64:ff9b:1::/48 is refused whole
  ["64:ff9b::127.0.0.1", true, "NAT64 of loopback"],
  ["64:ff9b::c0a8:101", true, "NAT64 of 192.168.1.1"],
  ["64:ff9b::8.8.8.8", false, "NAT64 of a public address"],
  ["64:ff9b:1::8.8.8.8", true, "local-use NAT64"],
  // 6to4 (2002::/16): the IPv4 address is bits 16 to 47
  ["2002:7f00:1::", true, "6to4 of loopback"],
  ["2002:a9fe:a9fe::1", true, "6to4 of the metadata address"],
  ["2002:c0a8:101::1", true, "6to4 of 192.168.1.1"],
  ["2002:808:808::1", false, "6to4 of 8.8.8.8"],
  // Teredo (2001::/32): server bits 32 to 63, client the last 32 bits inverted
  ["2001:0:808:808::80ff:fffe", true, "Teredo, client 127.0.0.1"],
  ["2001:0:7f00:1::f7f7:f7f7", true, "Teredo, server 127.0.0.1"],
  ["2001:0:808:808::f7f7:f7f7", false, "Teredo, server and client 8.8.8.8"],
  ["2001:0:808:808::5601:5601", true, "Teredo, client 169.254.169.254"],
];

describe("isPrivateAddress", () => {
  it.each(cases)("%s: private %s (%s)", (address, isPrivate) => {
    expect(isPrivateAddress(address)).toBe(isPrivate);
  });

  it("treats what is not an address as private", () => {
    expect(isPrivateAddress("not-an-address")).toBe(true);
    expect(isPrivateAddress("fe80::1%eth0")).toBe(true);
  });
});

describe("checkWebhookUrl", () => {
  it.each([
    ["http://[::127.0.0.1]/", true],
    ["http://[2002:7f00:1::]/", true],
    ["http://[::ffff:169.254.169.254]/latest/meta-data", true],
    ["http://[64:ff9b::a00:1]/", true],
    ["http://[2001:0:808:808::80ff:fffe]/", true],
    ["http://[2002:808:808::1]/hook", false],
    ["https://[64:ff9b::808:808]/hook", false],
  ])("%s: refused %s", async (url, refused) => {
    const checked = checkWebhookUrl(url, { allowPrivate: false });
    if (refused) await expect(checked).rejects.toThrow(UnsafeUrlError);
    else await expect(checked).resolves.toBeUndefined();
  });
});
