// `npm run runner -- ...`: the local runner's command line, checked before
// anything loads, with one line naming the bad flag.
import { parseArgs } from "node:util";
import { expectedUtilisation, hourlyCostUsd } from "../catalog/model-schemas";

export const RUNNER_DEFAULT_PORT = 8091;

export const RUNNER_USAGE = `usage: npm run runner -- [--model path/to/model.gguf] [--port ${RUNNER_DEFAULT_PORT}] [--host 127.0.0.1] [--name local-xyz]
                          [--parallel 2] [--threads 1] [--context-size 4096] [--api-key KEY] [--quiet]
                          [--register --tollgate-url http://localhost:3000 --token tgm_... [--public-url http://this-host:port]]
                          [--hourly-cost-usd 0.20 --utilisation 0.5]
  Serves the model at http://host:port/v1 (POST /chat/completions, GET /models, GET /health).
  Without --model: Tollgate's generated tiny model (random weights: answers are gibberish, only timing is meaningful).
  --register adds (or updates) a local provider and a model alias named --name in Tollgate.
  Secrets may come from the environment instead of the command line: TOLLGATE_MANAGEMENT_TOKEN, TOLLGATE_RUNNER_API_KEY.`;

export interface RunnerArgs {
  modelPath: string | null;
  port: number;
  host: string;
  name: string | null;
  parallel: number;
  threads: number;
  contextSize: number;
  apiKey: string | null;
  quiet: boolean;
  register: { tollgateUrl: string; token: string; publicUrl: string | null } | null;
  hourlyCostUsd: string | null;
  utilisation: string | null;
  help: boolean;
}

export class RunnerArgsError extends Error {}

export function parseRunnerArgs(argv: string[], env: Record<string, string | undefined> = {}): RunnerArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: "string" }, port: { type: "string" }, host: { type: "string" }, name: { type: "string" },
        parallel: { type: "string" }, threads: { type: "string" }, "context-size": { type: "string" }, "api-key": { type: "string" },
        quiet: { type: "boolean" }, register: { type: "boolean" }, "tollgate-url": { type: "string" }, token: { type: "string" },
        "public-url": { type: "string" }, "hourly-cost-usd": { type: "string" }, utilisation: { type: "string" }, help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new RunnerArgsError(error instanceof Error ? error.message : String(error));
  }
  const int = (flag: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) throw new RunnerArgsError(`--${flag}: expected an integer from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  const name = values.name ?? null;
  if (name !== null && !/^[\w.:/-]{1,64}$/.test(name)) throw new RunnerArgsError(`--name: letters, digits and . _ : / - only, at most 64 characters, got "${name}"`);
  const hourly = values["hourly-cost-usd"] ?? null;
  if (hourly !== null && !hourlyCostUsd.safeParse(hourly).success) throw new RunnerArgsError(`--hourly-cost-usd: ${hourlyCostUsd.safeParse(hourly).error!.issues[0]!.message}`);
  const utilisation = values.utilisation ?? null;
  if (utilisation !== null) {
    const parsed = expectedUtilisation.safeParse(utilisation);
    if (!parsed.success) throw new RunnerArgsError(`--utilisation: ${parsed.error.issues[0]!.message}`);
    if (hourly === null) throw new RunnerArgsError("--utilisation needs --hourly-cost-usd (it divides the machine's hourly cost)");
  }
  let register: RunnerArgs["register"] = null;
  if (values.register) {
    const tollgateUrl = values["tollgate-url"];
    const token = values.token ?? env.TOLLGATE_MANAGEMENT_TOKEN;
    if (!tollgateUrl || !isHttpUrl(tollgateUrl)) throw new RunnerArgsError("--register needs --tollgate-url http(s)://host:port (Tollgate's address)");
    if (!token) throw new RunnerArgsError("--register needs a management token: --token tgm_... or TOLLGATE_MANAGEMENT_TOKEN");
    const publicUrl = values["public-url"] ?? null;
    if (publicUrl !== null && !isHttpUrl(publicUrl)) throw new RunnerArgsError("--public-url: expected http(s)://host:port, the address Tollgate reaches this server at");
    register = { tollgateUrl, token, publicUrl };
  } else if (values["tollgate-url"] || values.token || values["public-url"]) {
    throw new RunnerArgsError("--tollgate-url, --token and --public-url go with --register");
  } else if (hourly !== null) {
    throw new RunnerArgsError("--hourly-cost-usd is recorded in Tollgate: add --register");
  }
  return {
    modelPath: values.model ?? null,
    port: int("port", values.port, RUNNER_DEFAULT_PORT, 0, 65535),
    host: values.host ?? "127.0.0.1",
    name,
    parallel: int("parallel", values.parallel, 2, 1, 64),
    threads: int("threads", values.threads, 1, 1, 256),
    contextSize: int("context-size", values["context-size"], 4096, 256, 1 << 20),
    apiKey: values["api-key"] ?? env.TOLLGATE_RUNNER_API_KEY ?? null,
    quiet: values.quiet ?? false,
    register,
    hourlyCostUsd: hourly,
    utilisation,
    help: values.help ?? false,
  };
}

function isHttpUrl(s: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

/** The base URL Tollgate should call: --public-url, else this host (a wildcard bind is reached on loopback). */
export function advertisedBaseUrl(host: string, port: number, publicUrl: string | null): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, "").replace(/\/v1$/, "")}/v1`;
  const reachable = host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}/v1`;
}
