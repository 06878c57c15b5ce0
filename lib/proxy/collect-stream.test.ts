import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { collectStream } from "./collect-stream";

const tooLarge = () => new Error("too large");

describe("collectStream", () => {
  it("joins the chunks of a stream", async () => {
    expect((await collectStream(Readable.from([Buffer.from("ab"), Buffer.from("c")]), 10, tooLarge, "destroy")).toString()).toBe("abc");
    expect((await collectStream(Readable.from([Buffer.from("abc")]), 3, tooLarge, "destroy")).toString()).toBe("abc");
    expect((await collectStream(Readable.from([]), 3, tooLarge, "destroy")).length).toBe(0);
  });

  it("refuses more than the limit, draining or destroying the rest", async () => {
    const drained = new PassThrough();
    const read = collectStream(drained, 3, tooLarge, "drain");
    drained.write("abcd");
    await expect(read).rejects.toThrow("too large");
    drained.end("more");
    await new Promise((r) => drained.once("end", r)); // flowing into nothing, to its end

    const destroyed = new PassThrough();
    const cut = collectStream(destroyed, 3, tooLarge, "destroy");
    destroyed.write("abcd");
    await expect(cut).rejects.toThrow("too large");
    expect(destroyed.destroyed).toBe(true);
  });

  it("rejects a stream that fails or closes before its end", async () => {
    const failing = new PassThrough();
    const read = collectStream(failing, 10, tooLarge, "destroy");
    failing.write("ab");
    failing.destroy(new Error("socket hang up"));
    await expect(read).rejects.toThrow("socket hang up");

    const closed = new PassThrough();
    const cut = collectStream(closed, 10, tooLarge, "destroy");
    closed.write("ab");
    closed.destroy();
    await expect(cut).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
  });
});
