import { describe, expect, it } from "vitest";
import { isDate } from "./schema-formats.js";

/** What `isDate` answered before it did its own calendar arithmetic: the Date round trip. */
function isDateByRoundTrip(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

describe("isDate", () => {
  it("takes exactly the real calendar days, leap days included", () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    for (const year of [0, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(isDate(value), value).toBe(isDateByRoundTrip(value));
        }
      }
    }
    expect(isDate("2024-02-29")).toBe(true);
    expect(isDate("2023-02-29")).toBe(false);
    for (const bad of ["2024-1-01", "2024-01-01T00:00:00Z", " 2024-01-01", "24-01-01", ""]) {
      expect(isDate(bad), bad).toBe(false);
    }
  });
});
