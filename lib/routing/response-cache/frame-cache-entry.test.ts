import { describe, expect, it } from "vitest";
import { frameCacheEntry, unframeCacheEntry, type CachedResponse } from "./frame-cache-entry";

const entry: CachedResponse = {
  servedModel: "gpt-5-mini", deploymentId: "dep_1", status: 200, contentType: "application/json",
  body: Buffer.from([0, 255, 0xc3, 0x28, 10, 13, ...Buffer.from('{"a":"é"}')]), // NUL, invalid UTF-8, line breaks
  usage: { inputTokens: 12, cachedInputTokens: 2, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 1 },
  costUsd: "0.000012345", createdAt: new Date("2026-03-01T12:00:00.123Z"),
};

describe("frameCacheEntry / unframeCacheEntry", () => {
  it("round-trips every field and the body byte for byte", () => {
    const back = unframeCacheEntry(frameCacheEntry(entry))!;
    expect(back).toEqual(entry);
    expect(back.body.equals(entry.body)).toBe(true);
    expect(unframeCacheEntry(frameCacheEntry({ ...entry, costUsd: null, body: Buffer.alloc(0) }))).toMatchObject({ costUsd: null, body: Buffer.alloc(0) });
  });

  it("reports anything else as corrupt", () => {
    const good = frameCacheEntry(entry);
    const headerLength = good.readUInt32BE(5);
    const withHeader = (header: unknown) => {
      const json = Buffer.from(JSON.stringify(header));
      const pre = Buffer.from(good.subarray(0, 9));
      pre.writeUInt32BE(json.length, 5);
      return Buffer.concat([pre, json]);
    };
    const header = JSON.parse(good.toString("utf8", 9, 9 + headerLength));
    const corrupt = [
      Buffer.alloc(0), Buffer.from("garbage"), good.subarray(0, 20),
      Buffer.concat([Buffer.from("TGRC\u0002"), good.subarray(5)]), // another version
      Buffer.concat([good.subarray(0, 5), Buffer.from([0xff, 0xff, 0xff, 0xff]), good.subarray(9)]), // length past the end
      withHeader({ ...header, status: 500 }), withHeader({ ...header, costUsd: 0.1 }), withHeader({ ...header, extra: 1 }), withHeader("x"),
    ];
    for (const frame of corrupt) expect(unframeCacheEntry(frame), frame.toString("hex").slice(0, 40)).toBeNull();
  });

  it("refuses to frame an invalid entry", () => {
    expect(() => frameCacheEntry({ ...entry, costUsd: "1e-9" })).toThrow();
    expect(() => frameCacheEntry({ ...entry, usage: { ...entry.usage, outputTokens: -1 } })).toThrow();
  });
});
