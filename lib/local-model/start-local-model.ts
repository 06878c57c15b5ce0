// Starts Tollgate's OpenAI-compatible server on a local GGUF model, or on the
// generated tiny model when none is named. What `npm run runner`, `npm run up`
// and the tests call:
//   const local = await startLocalModel({ dataDir });   // tiny model, free loopback port
//   new OpenAI({ baseURL: local.baseURL, apiKey: "unused" }) ... ; await local.close();
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ensureTinyModel } from "./ensure-tiny-model";
import { LocalModelEngine } from "./local-model-engine";
import { createLocalModelServer } from "./local-model-server";
import { TINY_MODEL } from "./write-tiny-gguf";

export interface StartLocalModelOptions {
  /** A GGUF file; without it the tiny model is generated under `dataDir` (random weights: gibberish, only timing means anything). */
  modelPath?: string;
  /** Where the tiny model is kept (<dataDir>/models/tollgate-tiny.gguf); needed when modelPath is not given. */
  dataDir?: string;
  /** The model id clients send; default: the file name without .gguf. */
  name?: string;
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
  parallel?: number;
  threads?: number;
  contextSize?: number;
  /** Default: 16 per sequence. */
  maxQueued?: number;
  /**
   * Completion tokens for a request without max_tokens. Default: TINY_DEFAULT_MAX_TOKENS for the tiny model
   * (it never ends an answer by itself, see write-tiny-gguf.ts), else the rest of the context (real models stop at their end token).
   */
  defaultMaxTokens?: number | null;
  maxBodyBytes?: number;
  apiKey?: string;
  log?: (line: string) => void;
  /** Repository root holding local-runner/ (default: this checkout). */
  root?: string;
}

export interface LocalModel {
  /** http://host:port */
  url: string;
  /** url + /v1: the OpenAI base URL, and a Tollgate local provider's baseUrl. */
  baseURL: string;
  port: number;
  modelName: string;
  modelPath: string;
  /** True when serving the generated tiny model. */
  tiny: boolean;
  parallel: number;
  threads: number;
  contextSize: number;
  chatFormat: string;
  /** Ms from start to serving (model load included). */
  loadMs: number;
  close: () => Promise<void>;
}

/** What the tiny model answers a request without max_tokens with (finish_reason "length"). */
export const TINY_DEFAULT_MAX_TOKENS = 128;

export const LOCAL_MODEL_DEFAULTS = { host: "127.0.0.1", parallel: 2, threads: 1, contextSize: 4096, maxBodyBytes: 1024 * 1024 } as const;

export async function startLocalModel(o: StartLocalModelOptions = {}): Promise<LocalModel> {
  const started = performance.now();
  const tiny = !o.modelPath;
  if (tiny && !o.dataDir) throw new Error("startLocalModel: pass modelPath, or dataDir for the generated tiny model");
  const modelPath = o.modelPath ? path.resolve(o.modelPath) : (await ensureTinyModel(o.dataDir!)).path;
  const parallel = positiveInt(o.parallel ?? LOCAL_MODEL_DEFAULTS.parallel, "parallel");
  const threads = positiveInt(o.threads ?? LOCAL_MODEL_DEFAULTS.threads, "threads");
  const engine = await LocalModelEngine.load({
    modelPath, parallel, threads, root: o.root,
    contextSize: positiveInt(o.contextSize ?? LOCAL_MODEL_DEFAULTS.contextSize, "contextSize", 1 << 20),
    maxQueued: o.maxQueued ?? parallel * 16,
    defaultMaxTokens: o.defaultMaxTokens === undefined ? (tiny ? TINY_DEFAULT_MAX_TOKENS : null) : o.defaultMaxTokens,
  });
  const modelName = o.name ?? (tiny ? TINY_MODEL.name : path.basename(modelPath).replace(/\.gguf$/i, ""));
  const server = createLocalModelServer({ engine, modelName, maxBodyBytes: o.maxBodyBytes ?? LOCAL_MODEL_DEFAULTS.maxBodyBytes, apiKey: o.apiKey, log: o.log });
  const host = o.host ?? LOCAL_MODEL_DEFAULTS.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(o.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url, baseURL: `${url}/v1`, port, modelName, modelPath, tiny, parallel, threads,
    contextSize: engine.contextSize, chatFormat: engine.chatFormat, loadMs: performance.now() - started,
    close: () => (closing ??= closeAll()),
  };

  async function closeAll() {
    // Dropping the connections aborts running generations and empties the queue; the model goes once they have stopped.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    const deadline = Date.now() + 10_000;
    while (engine.gate.busy > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await engine.close();
  }
}

function positiveInt(v: number, name: string, max = 1024): number {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${name} must be an integer from 1 to ${max}, got ${v}`);
  return v;
}
