import { describe, expect, it } from "vitest";
import { compareCells, isNumericKind, moneyDecimals, tableCsv, type Column, type Row } from "./table-cells";

describe("compareCells", () => {
  it("compares money as exact decimals, not as text or floats", () => {
    const values = ["10.5", "9.000000001", "100", "0.000000002"];
    expect([...values].sort((a, b) => compareCells(a, b, "usd"))).toEqual(["0.000000002", "9.000000001", "10.5", "100"]);
    expect(compareCells("0.1000000000000000001", "0.1", "usd")).toBe(1);
  });
  it("puts nulls (unpriced) first in ascending order", () => {
    expect([null, "2", null, "1"].sort((a, b) => compareCells(a, b, "usd"))).toEqual([null, null, "1", "2"]);
  });
  it("compares counts numerically and text by locale", () => {
    expect([1000, 99, 5].sort((a, b) => compareCells(a, b, "count"))).toEqual([5, 99, 1000]);
    expect(["b", "a", "C"].sort((a, b) => compareCells(a, b, "text"))).toEqual(["a", "b", "C"]);
  });
  it("sorts shares (percent columns) as numbers, right-aligned like every number", () => {
    expect([0.5, 0.05, 1].sort((a, b) => compareCells(a, b, "percent"))).toEqual([0.05, 0.5, 1]);
    expect(isNumericKind("percent")).toBe(true);
    expect(isNumericKind("text")).toBe(false);
  });
  it("sorts rates (exact prices per 1M tokens) as decimals, right-aligned", () => {
    expect(["15", "0.05", "1.25", "0.4"].sort((a, b) => compareCells(a, b, "rate"))).toEqual(["0.05", "0.4", "1.25", "15"]);
    expect(isNumericKind("rate")).toBe(true);
  });
});

describe("moneyDecimals", () => {
  const columns: Column[] = [
    { key: "name", label: "Name" },
    { key: "cost", label: "Spend", kind: "usd", usdSet: "spend" },
    { key: "prev", label: "Previous", kind: "usd", usdSet: "spend" },
    { key: "other", label: "Other", kind: "usd" },
  ];
  it("gives one precision per set over every row, so a row on a later page still sets it", () => {
    const rows: Row[] = [...Array.from({ length: 30 }, (_, i) => ({ name: `p${i}`, cost: "0.5", prev: "0.2", other: "3" })), { name: "tiny", cost: "0.5", prev: "0.00957", other: "3" }];
    const d = moneyDecimals(columns, rows);
    expect(d.get("cost")).toBe(4);
    expect(d.get("prev")).toBe(4);
    expect(d.get("other")).toBe(2);
    expect(d.has("name")).toBe(false);
  });
  it("is dollars and cents when any value in the set is a dollar or more", () => {
    expect(moneyDecimals(columns, [{ cost: "31.52", prev: "0.00957", other: null }]).get("prev")).toBe(2);
  });
});

describe("tableCsv", () => {
  it("writes every row given with raw values and guards spreadsheet formulas", () => {
    const columns: Column[] = [{ key: "tag", label: "Tag" }, { key: "cost", label: "Spend (USD)", kind: "usd" }];
    const rows: Row[] = Array.from({ length: 60 }, (_, i) => ({ tag: i === 0 ? "=HYPERLINK(1)" : `t${i}`, cost: "0.000001234" }));
    const lines = tableCsv(columns, rows);
    expect(lines).toHaveLength(61);
    expect(lines[0]).toBe("Tag,Spend (USD)\r\n");
    expect(lines[1]).toBe("'=HYPERLINK(1),0.000001234\r\n");
    expect(lines[2]).toBe("t1,0.000001234\r\n");
  });
});
