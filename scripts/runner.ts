// npm run runner -- --model path/to/model.gguf [--register --tollgate-url ... --token ...]
// Tollgate's local runner: an OpenAI-compatible server on llama.cpp (CPU) for
// one GGUF model, optionally registered in Tollgate as a local provider.
// See lib/local-model/parse-runner-args.ts for every flag. Ctrl-C/SIGTERM stops it.
import { loadDataDir } from "../lib/env/data-dir-env";
import { formatHardwareCost } from "../lib/format/format-hardware-cost";
import { advertisedBaseUrl, parseRunnerArgs, RUNNER_USAGE, RunnerArgsError } from "../lib/local-model/parse-runner-args";
import { registerLocalProvider } from "../lib/local-model/register-local-provider";
import { startLocalModel, type LocalModel } from "../lib/local-model/start-local-model";

const say = (line: string) => console.log(`[runner] ${line}`);
let local: LocalModel | undefined;

async function main() {
  const args = parseRunnerArgs(process.argv.slice(2), process.env);
  if (args.help) {
    console.log(RUNNER_USAGE);
    return;
  }
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  process.on("SIGHUP", stop);
  if (!args.modelPath) say("no --model: serving Tollgate's generated tiny model (random weights: its answers are gibberish, only its timing is meaningful)");
  if (!args.apiKey && !["127.0.0.1", "::1", "localhost"].includes(args.host)) say(`warning: listening on ${args.host} without --api-key: anyone who reaches this port can use the model`);
  local = await startLocalModel({
    modelPath: args.modelPath ?? undefined,
    dataDir: args.modelPath ? undefined : loadDataDir(),
    name: args.name ?? undefined,
    host: args.host,
    port: args.port,
    parallel: args.parallel,
    threads: args.threads,
    contextSize: args.contextSize,
    apiKey: args.apiKey ?? undefined,
    log: args.quiet ? undefined : say,
  });
  say(`${local.modelName} (${local.modelPath}; ${local.chatFormat} chat format, context ${local.contextSize} tokens, ${local.parallel} parallel, ${local.threads} thread${local.threads > 1 ? "s" : ""}) ready in ${(local.loadMs / 1000).toFixed(1)} s`);
  say(`OpenAI base URL: ${local.baseURL}  (model "${local.modelName}"; POST /chat/completions, GET /models, GET /health)`);

  if (args.register) {
    const baseUrl = advertisedBaseUrl(args.host, local.port, args.register.publicUrl);
    const r = await registerLocalProvider({
      tollgateUrl: args.register.tollgateUrl,
      token: args.register.token,
      name: local.modelName,
      baseUrl,
      upstreamModel: local.modelName,
      displayName: local.tiny ? `${local.modelName} (tiny local model: random weights, answers are gibberish)` : undefined,
      credential: args.apiKey ?? undefined,
      hourlyCostUsd: args.hourlyCostUsd ?? undefined,
      expectedUtilisation: args.utilisation ?? undefined,
    });
    say(`registered in Tollgate: provider "${local.modelName}" ${r.provider} (${baseUrl}), model "${local.modelName}" ${r.model}`);
    if (args.hourlyCostUsd) say(`hardware: ${formatHardwareCost(args.hourlyCostUsd, args.utilisation)}`);
    if (!r.priced) say("the model has no price yet: hard budgets refuse it until finance adds a price version (or adopts one measured by a benchmark run)");
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  void (local?.close() ?? Promise.resolve()).then(() => process.exit(0), () => process.exit(1));
}

main().catch(async (error: unknown) => {
  console.error(`[runner] ${error instanceof RunnerArgsError ? `${error.message}\n${RUNNER_USAGE}` : `failed: ${error instanceof Error ? error.message : String(error)}`}`);
  await local?.close().catch(() => {});
  process.exit(error instanceof RunnerArgsError ? 2 : 1);
});
