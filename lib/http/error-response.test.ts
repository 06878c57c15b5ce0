import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "./app-error";
import { errorResponse, toAppError } from "./error-response";
import { createLogger, setLogger } from "../log/logger";

setLogger(createLogger({ name: "test", level: "silent" }));

describe("error mapping", () => {
  it("maps AppError codes to their status", async () => {
    const res = errorResponse(new AppError("forbidden", "no"), "rid");
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "forbidden", message: "no", requestId: "rid" } });
    expect(res.headers.get("x-request-id")).toBe("rid");
  });

  it("turns zod errors into 422 naming the field", () => {
    const parsed = z.object({ name: z.string().min(3) }).safeParse({ name: "a" });
    const err = toAppError(parsed.error);
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/^name: /);
  });

  it("never leaks internals of unexpected errors", async () => {
    const res = errorResponse(new Error("password=hunter2 at db.ts:12"), "rid");
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(body.error.message).toBe("Internal error");
  });
});
