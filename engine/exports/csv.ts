import type { Options } from "csv-stringify";
import type { ExportSessionRow } from "../sql/exports.js";

/** The fixed columns of an export, in order; `extra.<name>` columns follow, one a declared extra field. */
export const EXPORT_COLUMNS = [
  "id",
  "externalId",
  "status",
  "createdAt",
  "decidedAt",
  "reasons",
  "attempt",
  "decidedBy",
  "decidedById",
  "decidedByName",
  "ruleSetVersion",
  "overdue",
  "liquidatedAt",
  "documentType",
  "firstName",
  "lastName",
  "birthDate",
  "nationality",
  "documentNumber",
  "personalNumber",
  "ipAddress",
  "ipCountry",
] as const;

export const exportHeader = (extraNames: readonly string[]): string[] => [
  ...EXPORT_COLUMNS,
  ...extraNames.map((name) => `extra.${name}`),
];

/**
 * RFC 4180 (comma, `"` quoting where needed, CRLF), with a UTF-8 byte order mark so that
 * spreadsheets read names right. `escape_formulas` is csv-stringify's own formula guard; every
 * text cell has been through `guardCell` already, which also covers what it leaves.
 */
export const CSV_OPTIONS: Options = {
  bom: true,
  record_delimiter: "windows",
  escape_formulas: true,
};

// A cell a spreadsheet could run as a formula: one starting with = + - @ (or their full-width
// forms, which some normalise), or with a control character: tab and CR (OWASP), and also NUL,
// LF and the rest, which some programs drop before looking at what follows.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
const FORMULA_START = /^[\u0000-\u001f=+\-@\uff1d\uff0b\uff0d\uff20]/;

/** A text cell made safe to open in a spreadsheet: prefixed with `'` when it could start a formula. */
export function guardCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

type Cell = string | number | null;

const text = (value: string | null): Cell => (value === null ? null : guardCell(value));

/** An extra field's value as a cell: numbers stay numbers, booleans read true/false. */
function extraCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") return guardCell(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return guardCell(JSON.stringify(value));
}

/**
 * One session as a CSV record, in the order of `exportHeader(extraNames)`. A liquidated
 * session's personal data (names, numbers, birth date, nationality, IP, extra fields) stays empty.
 */
export function toCsvRecord(row: ExportSessionRow, extraNames: readonly string[]): Cell[] {
  const personal = row.liquidatedAt === null;
  const record: Cell[] = [
    row.id,
    text(row.externalId),
    row.status,
    row.createdAt,
    row.decidedAt,
    text(row.reasons),
    row.attempt,
    row.decidedBy,
    text(row.decidedById),
    text(row.decidedByName),
    row.ruleSetVersion,
    row.overdue ? "true" : "false",
    row.liquidatedAt,
    personal ? text(row.documentType) : null,
    personal ? text(row.firstName) : null,
    personal ? text(row.lastName) : null,
    personal ? text(row.birthDate) : null,
    personal ? text(row.nationality) : null,
    personal ? text(row.documentNumber) : null,
    personal ? text(row.personalNumber) : null,
    personal ? text(row.ipAddress) : null,
    personal ? text(row.ipCountry) : null,
  ];
  const extra = personal ? row.extra : null;
  for (const name of extraNames) record.push(extra ? extraCell(extra[name]) : null);
  return record;
}
