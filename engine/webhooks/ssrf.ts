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
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  return blocked.check(address, "ipv6");
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
export async function resolvePublic(hostname: string, allowPrivate: boolean) {
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
export async function checkWebhookUrl(text: string, allowPrivate: boolean): Promise<void> {
  const url = parseWebhookUrl(text);
  await resolvePublic(url.hostname, allowPrivate);
}
