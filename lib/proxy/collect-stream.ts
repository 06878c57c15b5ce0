// Reads a whole stream into one Buffer, refusing more than `limit` bytes:
// with 'data' / 'end' listeners rather than `for await`, whose async
// iterator costs a promise and a microtask per chunk and a set of
// end-of-stream listeners per read (measured on the proxy's profile). A
// stream that closes before its end rejects, as `for await` does.
import type { Readable } from "node:stream";

/**
 * Past the limit, `drain` reads the rest into nothing (a request, so its connection can still carry the
 * answer) and `destroy` stops the transfer (an upstream body).
 */
export function collectStream(stream: Readable, limit: number, tooLarge: () => Error, overLimit: "drain" | "destroy"): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        stream.on("error", () => {}); // reported by the rejection below; nobody reads this stream any more
        if (overLimit === "drain") stream.resume();
        else stream.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    // 'close' after 'end' is never seen (the listeners are gone by then): this is a close mid-body.
    const onClose = () => {
      done();
      reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}
