import { badRequest } from "./errors.js";
import { isUuid } from "./ids.js";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a list request asks for; `limit` is always set (its schema's default fills it in). */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/**
 * The shapes a position's values take, each checked so strictly that whatever passes is a value
 * Postgres takes: a cursor Verdict did not make answers 400, never a Postgres error.
 */
export const positionValue = {
  /** A bigserial id: a positive integer JavaScript holds exactly (and so far within bigint). */
  rowId: (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0,
  /** A positive value of an `integer` column. */
  integer: (value: unknown): value is number =>
    Number.isInteger(value) && (value as number) > 0 && (value as number) <= 2_147_483_647,
  uuid: (value: unknown): value is string => typeof value === "string" && isUuid(value),
  /** An instant as `toISOString` writes it, in years Postgres and Verdict's rows both live in. */
  instant: (value: unknown): value is string => {
    if (typeof value !== "string") return false;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return false;
    const year = date.getUTCFullYear();
    return year >= 1970 && year <= 9999 && date.toISOString() === value;
  },
};

type ValueCheck<T> = (value: unknown) => value is T;
type Position = Record<string, string | number>;

/**
 * What a list's cursors hold: the list's name, the checks of each value of a position, and how to
 * take the position of a row.
 */
export interface CursorShape<P extends Position, Row> {
  list: string;
  values: { [K in keyof P]: ValueCheck<P[K]> };
  positionOf: (row: Row) => P;
}

export const cursorShape = <P extends Position, Row>(
  list: string,
  values: { [K in keyof P]: ValueCheck<P[K]> },
  positionOf: (row: Row) => P,
): CursorShape<P, Row> => ({ list, values, positionOf });

/** The cursors of a list in (created_at, id) order: the last row's creation time and id. */
export const creationCursor = <Row extends { createdAt: Date; id: string }>(list: string) =>
  cursorShape<{ t: string; id: string }, Row>(
    list,
    { t: positionValue.instant, id: positionValue.uuid },
    (row) => ({ t: row.createdAt.toISOString(), id: row.id }),
  );

/** A creation cursor's position as its queries take it. */
export const afterCreation = (position: { t: string; id: string } | undefined) =>
  position && { createdAt: new Date(position.t), id: position.id };

/**
 * One page of a list: decodes the request's cursor (`400 INVALID_CURSOR` for one this list did
 * not give out), fetches `limit + 1` rows after that position (the extra row only tells that
 * there is a next page) and answers the page's rows with the cursor of its last one.
 */
export async function readPage<P extends Position, Row>(
  shape: CursorShape<P, Row>,
  page: PageRequest,
  fetch: (after: P | undefined, limit: number) => Promise<Row[]>,
): Promise<Page<Row>> {
  const after = page.cursor === undefined ? undefined : decodeCursor(shape, page.cursor);
  const rows = await fetch(after, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const more = rows.length > page.limit && last !== undefined;
  return { items, nextCursor: more ? encodeCursor(shape, shape.positionOf(last)) : null };
}

/**
 * An opaque cursor: the list's name and the position of the last item of a page, as base64url
 * JSON. The name makes one list refuse another's cursor, even one of the same shape.
 */
function encodeCursor<P extends Position>(shape: CursorShape<P, never>, position: P): string {
  return Buffer.from(JSON.stringify({ list: shape.list, ...position })).toString("base64url");
}

function decodeCursor<P extends Position>(shape: CursorShape<P, never>, cursor: string): P {
  const parsed = parseJson(Buffer.from(cursor, "base64url").toString("utf8"));
  if (isRecord(parsed) && parsed.list === shape.list) {
    const { list: _, ...position } = parsed;
    const names = Object.keys(shape.values);
    const exact =
      Object.keys(position).length === names.length &&
      names.every((name) => shape.values[name as keyof P](position[name]));
    if (exact) return position as P;
  }
  throw badRequest("INVALID_CURSOR", "querystring/cursor: is not one this list gave out");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
