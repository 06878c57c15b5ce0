// One GGUF model on llama.cpp (CPU): a context with `parallel` sequences, the
// chat wrapper resolved once (resolving per request costs hundreds of ms),
// and an admission gate so at most `parallel` generations run while the next
// ones wait in a bounded queue.
import { ProxyError } from "../proxy/proxy-error";
import { AdmissionGate } from "./admission-gate";
import type { FinishReason } from "./format-chat-completion";
import { sharedLlama, type ChatHistoryItem, type ChatWrapper, type LlamaContext, type LlamaContextSequence, type LlamaModel, type NodeLlamaCpp } from "./load-node-llama-cpp";
import type { ChatMessage, ChatRequest } from "./parse-chat-request";

export interface LocalModelEngineOptions {
  modelPath: string;
  /** Sequences generating at once. */
  parallel: number;
  /** CPU threads per evaluation: 1 by default (more was up to 10x slower on a busy 2-core machine). */
  threads: number;
  /** Tokens per sequence, prompt and answer together; capped at what the model was trained on. */
  contextSize: number;
  /** Requests waiting for a sequence before new ones are refused. */
  maxQueued: number;
  /** Completion tokens when the client sets no max_tokens; null: up to the rest of the context. */
  defaultMaxTokens: number | null;
  /** Repository root holding local-runner/ (tests and scripts run from elsewhere). */
  root?: string;
}

export interface Generation {
  text: string;
  completionTokens: number;
  finishReason: FinishReason;
}

export interface GenerateHooks {
  signal: AbortSignal;
  /** Called once a sequence is free, before the first token: a stream writes its headers here. */
  onStart: () => void;
  onText: (text: string) => void;
}

export class LocalModelEngine {
  readonly gate: AdmissionGate;
  private readonly free: LlamaContextSequence[];

  private constructor(
    private readonly lib: NodeLlamaCpp,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly chatWrapper: ChatWrapper,
    readonly parallel: number,
    maxQueued: number,
    private readonly defaultMaxTokens: number | null,
  ) {
    this.gate = new AdmissionGate(parallel, maxQueued);
    this.free = Array.from({ length: parallel }, () => context.getSequence());
  }

  static async load(o: LocalModelEngineOptions): Promise<LocalModelEngine> {
    const { lib, llama } = await sharedLlama(o.root);
    const model = await llama.loadModel({ modelPath: o.modelPath });
    try {
      const contextSize = Math.min(o.contextSize, model.trainContextSize);
      const context = await model.createContext({ sequences: o.parallel, threads: o.threads, contextSize });
      return new LocalModelEngine(lib, model, context, lib.resolveChatWrapper(model), o.parallel, o.maxQueued, o.defaultMaxTokens);
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  get contextSize(): number { return this.context.contextSize; }
  get chatFormat(): string { return this.chatWrapper.wrapperName; }

  /** Tokens of the prompt as the model sees it (chat template and special tokens included): the usage's prompt_tokens. */
  countPromptTokens(messages: readonly ChatMessage[]): number {
    return this.chatWrapper.generateContextState({ chatHistory: toHistory(messages) }).contextText.tokenize(this.model.tokenizer).length;
  }

  /**
   * Refuses (400, before taking a sequence) a prompt that leaves no room for the answer, then waits for a
   * sequence (QueueFullError when the queue is full) and generates. An aborted signal stops generation.
   */
  async generate(request: ChatRequest, promptTokens: number, hooks: GenerateHooks): Promise<Generation> {
    const room = this.contextSize - promptTokens;
    if (room < (request.maxTokens ?? 1)) {
      const asked = request.maxTokens ? `, ${request.maxTokens} in the completion` : "";
      throw new ProxyError(400, "context_length_exceeded", `This model's maximum context length is ${this.contextSize} tokens. However, you requested ${promptTokens + (request.maxTokens ?? 0)} tokens (${promptTokens} in the messages${asked}). Please reduce the length of the messages or completion.`, "messages");
    }
    const release = await this.gate.acquire(hooks.signal);
    const sequence = this.free.pop()!;
    const chat = new this.lib.LlamaChat({ contextSequence: sequence, chatWrapper: this.chatWrapper });
    try {
      hooks.onStart();
      const outputBefore = sequence.tokenMeter.usedOutputTokens;
      const result = await chat.generateResponse(toHistory(request.messages), {
        maxTokens: Math.min(request.maxTokens ?? this.defaultMaxTokens ?? room, room),
        temperature: request.temperature,
        ...(request.topP === null ? {} : { topP: request.topP }),
        ...(request.seed === null ? {} : { seed: request.seed }),
        ...(request.stop.length ? { customStopTriggers: request.stop } : {}),
        repeatPenalty: false,
        signal: hooks.signal,
        stopOnAbortSignal: true,
        onTextChunk: hooks.onText,
      });
      const finishReason: FinishReason = result.metadata.stopReason === "maxTokens" ? "length" : "stop";
      return { text: result.response, completionTokens: sequence.tokenMeter.usedOutputTokens - outputBefore, finishReason };
    } finally {
      chat.dispose({ disposeSequence: false });
      await this.recycle(sequence);
      release();
    }
  }

  /** A sequence goes back to the pool empty; one that cannot be cleared is replaced. */
  private async recycle(sequence: LlamaContextSequence): Promise<void> {
    try {
      await sequence.clearHistory();
      this.free.push(sequence);
    } catch {
      sequence.dispose();
      this.free.push(this.context.getSequence());
    }
  }

  async close(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }
}

function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === "assistant" ? { type: "model", response: [m.text] } : { type: m.role, text: m.text },
  );
  // The answer the model writes: an empty model turn at the end (or the assistant's own prefix, which it continues).
  if (messages.at(-1)?.role !== "assistant") history.push({ type: "model", response: [] });
  return history;
}
