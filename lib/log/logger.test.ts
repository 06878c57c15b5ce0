import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

describe("logger", () => {
  it("writes JSON lines and redacts secrets wherever they appear", () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _enc, cb) { lines.push(chunk.toString()); cb(); } });
    const log = createLogger({ name: "t", destination });
    log.info({ requestId: "r1", password: "hunter2", headers: { authorization: "Bearer tg_secret", cookie: "sid=1" }, user: { apiKey: "tg_x" } }, "hello");
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ msg: "hello", requestId: "r1", password: "[redacted]", headers: { authorization: "[redacted]", cookie: "[redacted]" }, user: { apiKey: "[redacted]" } });
    expect(lines[0]).not.toMatch(/hunter2|tg_secret|tg_x/);
  });
});
