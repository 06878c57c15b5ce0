import { describe, expect, it } from "vitest";
import { advertisedBaseUrl, parseRunnerArgs, RUNNER_DEFAULT_PORT } from "./parse-runner-args";

const fail = (argv: string[], env = {}) => {
  try {
    parseRunnerArgs(argv, env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("parseRunnerArgs", () => {
  it("defaults to the tiny model on loopback, two sequences, one thread", () => {
    expect(parseRunnerArgs([])).toMatchObject({ modelPath: null, port: RUNNER_DEFAULT_PORT, host: "127.0.0.1", name: null, parallel: 2, threads: 1, register: null, hourlyCostUsd: null });
  });

  it("reads a registration with hardware pricing; secrets may come from the environment", () => {
    const a = parseRunnerArgs(["--model", "m.gguf", "--port", "0", "--name", "local-xyz", "--register", "--tollgate-url", "http://localhost:3000", "--hourly-cost-usd", "0.20", "--utilisation", "0.5"], { TOLLGATE_MANAGEMENT_TOKEN: "tgm_x", TOLLGATE_RUNNER_API_KEY: "k" });
    expect(a).toMatchObject({ modelPath: "m.gguf", port: 0, name: "local-xyz", apiKey: "k", hourlyCostUsd: "0.20", utilisation: "0.5", register: { tollgateUrl: "http://localhost:3000", token: "tgm_x", publicUrl: null } });
  });

  it("refuses bad flags with one line naming them", () => {
    expect(fail(["--prot", "1"])).toMatch(/prot/);
    expect(fail(["--port", "70000"])).toMatch(/^--port: expected an integer from 0 to 65535/);
    expect(fail(["--parallel", "two"])).toMatch(/^--parallel/);
    expect(fail(["--name", "bad name"])).toMatch(/^--name/);
    expect(fail(["--register", "--tollgate-url", "http://x"])).toMatch(/management token/);
    expect(fail(["--register", "--token", "t"])).toMatch(/--tollgate-url/);
    expect(fail(["--token", "t"])).toMatch(/go with --register/);
    expect(fail(["--register", "--tollgate-url", "http://x", "--token", "t", "--hourly-cost-usd", "0.2", "--utilisation", "0"])).toMatch(/^--utilisation: must be above 0/);
    expect(fail(["--register", "--tollgate-url", "http://x", "--token", "t", "--hourly-cost-usd", "1e3"])).toMatch(/^--hourly-cost-usd: must be a decimal/);
    expect(fail(["--register", "--tollgate-url", "http://x", "--token", "t", "--hourly-cost-usd", "-1"])).toMatch(/--hourly-cost-usd/);
    expect(fail(["--register", "--tollgate-url", "http://x", "--token", "t", "--utilisation", "0.5"])).toMatch(/needs --hourly-cost-usd/);
    expect(fail(["--hourly-cost-usd", "0.2"])).toMatch(/add --register/);
  });

  it("advertises a reachable base URL", () => {
    expect(advertisedBaseUrl("127.0.0.1", 8091, null)).toBe("http://127.0.0.1:8091/v1");
    expect(advertisedBaseUrl("0.0.0.0", 8091, null)).toBe("http://127.0.0.1:8091/v1");
    expect(advertisedBaseUrl("::1", 8091, null)).toBe("http://[::1]:8091/v1");
    expect(advertisedBaseUrl("0.0.0.0", 8091, "http://gpu-box.lan:8091/")).toBe("http://gpu-box.lan:8091/v1");
    expect(advertisedBaseUrl("0.0.0.0", 8091, "http://gpu-box.lan:8091/v1")).toBe("http://gpu-box.lan:8091/v1");
  });
});
