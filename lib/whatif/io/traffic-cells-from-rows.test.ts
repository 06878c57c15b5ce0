import { describe, expect, it } from "vitest";
import { checkTrafficProfile } from "../traffic-profile";
import { endpointOfPath, tagSet, trafficCellsFromRows, type TrafficRow } from "./traffic-cells-from-rows";

const row = (over: Partial<TrafficRow> = {}): TrafficRow => ({
  hour: new Date("2026-03-01T10:00:00Z"), projectId: "p1", apiKeyId: "k1", requestedModel: "gpt-5", servedModel: "gpt-5", tier: "mid",
  endpoint: "/v1/chat/completions", inputBand: "512-2k", tags: [], priced: true, kind: "traffic", requests: 2n, inputTokens: 2000n,
  cachedInputTokens: 100n, cacheWriteTokens: 0n, outputTokens: 300n, reasoningTokens: 50n, costUsd: "0.004250000", latencyMsSum: 900n,
  ttftMsSum: 200n, ttftCount: 2n, ...over,
});

describe("traffic cells from the ledger's GROUP BY rows", () => {
  it("maps the ledger's endpoint paths to routing names, and keeps a path no rule can name as it is", () => {
    expect(endpointOfPath("/v1/chat/completions")).toBe("chat.completions");
    expect(endpointOfPath("/v1/responses")).toBe("responses");
    expect(endpointOfPath("/v1/embeddings")).toBe("embeddings");
    expect(endpointOfPath("/chat/completions")).toBe("chat.completions");
    expect(endpointOfPath("/v1/audio/speech")).toBe("/v1/audio/speech");
    expect(endpointOfPath("/v1")).toBe("/v1");
  });

  it("sorts tags in JavaScript's order without repeats (the database's collation may differ)", () => {
    expect(tagSet(["b", "B", "a", "b", "_x", "-y"])).toEqual(["-y", "B", "_x", "a", "b"]);
  });

  it("converts sums exactly: cost to nano-dollars from its decimal text, counts from bigints", () => {
    const { cells } = trafficCellsFromRows([row()]);
    expect(cells).toEqual([expect.objectContaining({ endpoint: "chat.completions", requests: 2, inputTokens: 2000, cachedInputTokens: 100, outputTokens: 300, reasoningTokens: 50, costNano: 4_250_000n, latencyMsSum: 900, ttftMsSum: 200, ttftCount: 2 })]);
  });

  it("merges rows that become one cell (two paths of one endpoint, tags in another order) and adds their sums", () => {
    const { cells } = trafficCellsFromRows([
      row({ endpoint: "/v1/chat/completions", tags: ["b", "a"] }),
      row({ endpoint: "/chat/completions", tags: ["a", "b", "a"], requests: 3n, costUsd: "0.000000001" }),
    ]);
    expect(cells).toHaveLength(1);
    expect(cells[0]).toMatchObject({ tags: ["a", "b"], requests: 5, inputTokens: 4000, costNano: 4_250_001n });
  });

  it("counts cache hits and failed attempts without usage apart and keeps them out of the cells", () => {
    const { cells, notRerouted } = trafficCellsFromRows([row(), row({ kind: "cache_hit", requests: 4n, costUsd: "0" }), row({ kind: "no_usage", requests: 3n, priced: false, costUsd: "0" })]);
    expect(cells).toHaveLength(1);
    expect(notRerouted).toEqual({ cacheHits: 4, failedWithoutUsage: 3 });
  });

  it("orders cells by hour, then by their other dimensions, whatever order the rows came in", () => {
    const rows = [
      row({ hour: new Date("2026-03-01T11:00:00Z"), projectId: "a" }),
      row({ hour: new Date("2026-03-01T10:00:00Z"), projectId: "b" }),
      row({ hour: new Date("2026-03-01T10:00:00Z"), projectId: "a" }),
    ];
    const ordered = (rs: TrafficRow[]) => trafficCellsFromRows(rs).cells.map((c) => `${c.hour.toISOString().slice(11, 13)}${c.projectId}`);
    expect(ordered(rows)).toEqual(["10a", "10b", "11a"]);
    expect(ordered([...rows].reverse())).toEqual(["10a", "10b", "11a"]);
  });

  it("gives cells the profile check accepts, unpriced ones at 0n", () => {
    const { cells } = trafficCellsFromRows([row(), row({ priced: false, costUsd: "0", tier: null, apiKeyId: null })]);
    expect(cells.find((c) => !c.priced)).toMatchObject({ costNano: 0n, tier: null, apiKeyId: null });
    expect(() => checkTrafficProfile({ from: new Date("2026-03-01T10:30:00Z"), to: new Date("2026-03-01T12:00:00Z"), cells })).not.toThrow();
  });

  it("refuses what the query should never return: an unknown tier, band or kind, a count past 2^53", () => {
    expect(() => trafficCellsFromRows([row({ tier: "gold" })])).toThrow(/unknown tier "gold"/);
    expect(() => trafficCellsFromRows([row({ inputBand: "1k" })])).toThrow(/unknown input band/);
    expect(() => trafficCellsFromRows([row({ kind: "other" })])).toThrow(/unknown kind/);
    expect(() => trafficCellsFromRows([row({ outputTokens: 2n ** 60n })])).toThrow(/outputTokens is not a non-negative safe integer/);
    expect(() => trafficCellsFromRows([row({ costUsd: "1.0000000001" })])).toThrow(/invalid USD amount/);
  });
});
