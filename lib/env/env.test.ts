import { describe, expect, it } from "vitest";
import { loadWebEnv, webEnvSchema } from "../env";
import { EnvError, parseEnv } from "./parse-env";
import { loadUpEnv } from "./up-env";

const good = {
  DATABASE_URL: "postgresql://u:p@db:5432/tollgate",
  REDIS_URL: "redis://cache:6379/0",
  NEXTAUTH_SECRET: "x".repeat(32),
};

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return (e as Error).message;
  }
  throw new Error("expected an EnvError");
};

describe("web env", () => {
  it("accepts a complete environment and applies defaults", () => {
    const env = parseEnv(webEnvSchema, good);
    expect(env.TOLLGATE_LOG_LEVEL).toBe("info");
    expect(env.DATABASE_URL).toBe(good.DATABASE_URL);
    expect(env.TOLLGATE_USAGE_JOURNAL_DIR).toBeUndefined(); // the web server then uses <TOLLGATE_DATA_DIR>/usage-journal
    expect(env.TOLLGATE_DATA_DIR).toMatch(/\.data$/);
    expect(env.TOLLGATE_USAGE_JOURNAL_MAX_BYTES).toBe(2 * 1024 ** 3);
    expect(parseEnv(webEnvSchema, { ...good, TOLLGATE_USAGE_JOURNAL_DIR: "spool/usage" }).TOLLGATE_USAGE_JOURNAL_DIR).toMatch(/^\/.*spool\/usage$/);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL: must be a URL like postgresql://user:pass@host:5432/db"],
    [{ DATABASE_URL: undefined }, "DATABASE_URL: is required (npm run up sets it to the embedded Postgres)"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL: must be a URL like redis://127.0.0.1:6379/0"],
    [{ NEXTAUTH_SECRET: "short" }, "NEXTAUTH_SECRET: must be at least 32 characters (npm run up generates one)"],
    [{ TOLLGATE_ENCRYPTION_KEY: "abc" }, "TOLLGATE_ENCRYPTION_KEY: must be 32 bytes, base64 or 64 hex characters"],
    [{ TOLLGATE_LOG_LEVEL: "loud" }, "TOLLGATE_LOG_LEVEL"],
    [{ TOLLGATE_USAGE_JOURNAL_MAX_BYTES: "lots" }, "TOLLGATE_USAGE_JOURNAL_MAX_BYTES"],
    [{ TOLLGATE_USAGE_QUEUE_MAX: "0" }, "TOLLGATE_USAGE_QUEUE_MAX"],
  ])("names the variable in one line: %j", (override, expected) => {
    expect(message(() => parseEnv(webEnvSchema, { ...good, ...override }))).toContain(expected);
  });

  it("caches the first successful parse", () => {
    expect(loadWebEnv(good)).toBe(loadWebEnv({}));
  });
});

describe("up env", () => {
  it("defaults to embedded services", () => {
    const env = loadUpEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.TOLLGATE_ADMIN_EMAIL).toBe("owner@tollgate.local");
    expect(env.TOLLGATE_DATA_DIR).toMatch(/\.data$/);
  });
  it("rejects a bad port", () => {
    expect(message(() => loadUpEnv({ PORT: "http" }))).toMatch(/^PORT: /);
  });
});
