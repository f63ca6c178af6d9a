import { randomUUID } from "node:crypto";

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later
 * sort later, so new rows append to the end of their primary-key index. The random part is
 * `randomUUID`'s (which draws from a cached pool, unlike a `randomBytes` call per id): its
 * version nibble becomes 7, its variant bits stay.
 */
export function uuidv7(now = Date.now()): string {
  const time = now.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}

export const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const isUuid = (value: string) => new RegExp(UUID_PATTERN).test(value);
