import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** Addresses a webhook may not reach: loopback, private, link-local (cloud metadata), and the like. */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215): translates into the operator's own network
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** An IPv6 address (as `isIP` accepts it, without a zone) as its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) =>
    part === "" ? [] : part.split(":").map((group) => Number.parseInt(group, 16));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * The IPv4 addresses an IPv6 address carries by a transition scheme, which a host or a relay may
 * turn into a connection to them: IPv4-compatible (`::/96`), IPv4-mapped (`::ffff:0:0/96`),
 * IPv4-translated (`::ffff:0:0:0/96`), NAT64 (`64:ff9b::/96`), 6to4 (`2002::/16`, bits 16-47)
 * and Teredo (`2001::/32`: the server in bits 32-63, the client in the last 32 bits inverted).
 */
function embeddedIpv4(address: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = ipv6Groups(address);
  const allZero = (groups: number[]) => groups.every((group) => group === 0);
  if (allZero([a, b, c, d, e]) && (f === 0 || f === 0xffff)) return [ipv4Of(g, h)];
  if (allZero([a, b, c, d]) && e === 0xffff && f === 0) return [ipv4Of(g, h)];
  if (a === 0x64 && b === 0xff9b && allZero([c, d, e, f])) return [ipv4Of(g, h)];
  if (a === 0x2002) return [ipv4Of(b, c)];
  if (a === 0x2001 && b === 0) return [ipv4Of(c, d), ipv4Of(g ^ 0xffff, h ^ 0xffff)];
  return [];
}

/** Whether a webhook may not reach `address`; an IPv6 form that carries an IPv4 address is judged by it too. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  if (blocked.check(address, "ipv6")) return true;
  return embeddedIpv4(address).some((embedded) => blocked.check(embedded, "ipv4"));
}

export class UnsafeUrlError extends Error {
  override name = "UnsafeUrlError";
}

/** Refuses a webhook URL that is not http(s). */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UnsafeUrlError("is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UnsafeUrlError("must be http or https");
  return url;
}

/**
 * Resolves `hostname` and answers its addresses, refusing when any of them is private (unless
 * `allowPrivate`). Deliveries connect to the address answered here, so a DNS answer that changes
 * between the check and the connection cannot slip through.
 */
export async function resolvePublic(hostname: string, { allowPrivate }: { allowPrivate: boolean }) {
  const bare = hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true });
  } catch {
    throw new UnsafeUrlError(`host ${hostname} does not resolve`);
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`host ${hostname} does not resolve`);
  if (!allowPrivate) {
    const inside = addresses.find((entry) => isPrivateAddress(entry.address));
    if (inside) {
      throw new UnsafeUrlError(`resolves to ${inside.address}, a loopback, private or link-local address`);
    }
  }
  return addresses;
}

/** Checks a URL as it is saved: http(s), and a host that resolves to public addresses only. */
export async function checkWebhookUrl(text: string, options: { allowPrivate: boolean }): Promise<void> {
  const url = parseWebhookUrl(text);
  await resolvePublic(url.hostname, options);
}
