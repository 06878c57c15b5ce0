import { describe, expect, it } from "vitest";
import { readCacheControl } from "./read-cache-control";

describe("readCacheControl", () => {
  it("no-store keeps the cache out entirely, wherever it is in the header", () => {
    expect(readCacheControl("no-store")).toEqual({ lookup: false, store: false });
    expect(readCacheControl("max-age=60, No-Store")).toEqual({ lookup: false, store: false });
    expect(readCacheControl(["private", "no-store"])).toEqual({ lookup: false, store: false });
  });

  it("no-cache and max-age=0 ask for a fresh answer that may still be stored", () => {
    expect(readCacheControl("no-cache")).toEqual({ lookup: false, store: true });
    expect(readCacheControl("max-age = 0")).toEqual({ lookup: false, store: true });
  });

  it("anything else allows both", () => {
    for (const h of [undefined, "", "max-age=600", "no-storage", "private"]) expect(readCacheControl(h), String(h)).toEqual({ lookup: true, store: true });
  });
});
