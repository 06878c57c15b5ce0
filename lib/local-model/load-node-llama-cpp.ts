// node-llama-cpp lives in its own package (local-runner/) so its optional GPU
// builds never install with the app; it is loaded from there at run time.
// The types below are the small part of its API Tollgate uses, declared here
// so the app typechecks without local-runner installed
// (TOLLGATE_LOCAL_MODEL=off); the integration tests exercise them for real.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

export type ChatHistoryItem = { type: "system"; text: string } | { type: "user"; text: string } | { type: "model"; response: string[] };

export interface LlamaTokenizer {
  (text: string, specialTokens?: boolean): readonly number[];
}

export interface ChatWrapper {
  readonly wrapperName: string;
  generateContextState(options: { chatHistory: readonly ChatHistoryItem[] }): { contextText: { tokenize(tokenizer: LlamaTokenizer): readonly number[] } };
}

export interface LlamaContextSequence {
  readonly tokenMeter: { readonly usedInputTokens: number; readonly usedOutputTokens: number };
  clearHistory(): Promise<void>;
  dispose(): void;
}

export interface LlamaContext {
  readonly contextSize: number;
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaModel {
  readonly tokenizer: LlamaTokenizer;
  readonly trainContextSize: number;
  createContext(options: { sequences: number; threads: number; contextSize: number; batchSize?: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface Llama {
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
}

export interface GenerateResponseOptions {
  maxTokens: number;
  temperature: number;
  topP?: number;
  seed?: number;
  customStopTriggers?: string[];
  repeatPenalty: false;
  signal: AbortSignal;
  stopOnAbortSignal: true;
  onTextChunk: (text: string) => void;
}

export interface LlamaChat {
  generateResponse(history: ChatHistoryItem[], options: GenerateResponseOptions): Promise<{ response: string; metadata: { stopReason: string } }>;
  dispose(options?: { disposeSequence?: boolean }): void;
}

export interface NodeLlamaCpp {
  getLlama(options: { gpu: false; build: "never"; logLevel: "error" | "warn" | "info" }): Promise<Llama>;
  resolveChatWrapper(model: LlamaModel): ChatWrapper;
  LlamaChat: new (options: { contextSequence: LlamaContextSequence; chatWrapper: ChatWrapper }) => LlamaChat;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");

const runnerPackage = (root: string) => path.join(root, "local-runner", "package.json");

/** Whether local-runner/ has its llama.cpp installed (`npm run up` / `npm test` install it unless TOLLGATE_LOCAL_MODEL=off). */
export function isLocalRunnerInstalled(root = REPO_ROOT): boolean {
  try {
    return existsSync(createRequire(runnerPackage(root)).resolve("node-llama-cpp"));
  } catch {
    return false;
  }
}

export async function loadNodeLlamaCpp(root = REPO_ROOT): Promise<NodeLlamaCpp> {
  let entry: string;
  try {
    entry = createRequire(runnerPackage(root)).resolve("node-llama-cpp");
  } catch {
    throw new Error(`node-llama-cpp is not installed in ${path.join(root, "local-runner")}: run \`npm install --omit=optional\` there (npm run up does it unless TOLLGATE_LOCAL_MODEL=off)`);
  }
  return (await import(pathToFileURL(entry).href)) as NodeLlamaCpp;
}

const shared = new Map<string, Promise<{ lib: NodeLlamaCpp; llama: Llama }>>();

/**
 * One llama.cpp backend per process, shared by every model loaded in it: the native addon is loaded once,
 * and disposing one Llama instance tears the backend down under the others. Models and contexts are disposed one by one.
 */
export function sharedLlama(root = REPO_ROOT): Promise<{ lib: NodeLlamaCpp; llama: Llama }> {
  let entry = shared.get(root);
  if (!entry) {
    entry = loadNodeLlamaCpp(root).then(async (lib) => ({ lib, llama: await lib.getLlama({ gpu: false, build: "never", logLevel: "error" }) }));
    entry.catch(() => shared.delete(root));
    shared.set(root, entry);
  }
  return entry;
}
