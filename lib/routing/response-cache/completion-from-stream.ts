// A streamed chat completion put back together as the JSON completion the
// response cache stores (what a non-streaming request would have received),
// so a streamed miss can fill the cache like a JSON one. Only a stream this
// can rebuild exactly is kept: every chunk parses, every choice finished,
// the usage chunk came, and nothing appears that the rebuild does not know
// (logprobs, audio, an unknown field, a named event). Anything else is
// null, and the answer is simply not cached: an unknown field can only cost
// a miss, never a wrong replay.

const CHUNK_FIELDS = new Set(["id", "object", "created", "model", "system_fingerprint", "service_tier", "choices", "usage", "obfuscation"]);
const CHOICE_FIELDS = new Set(["index", "delta", "logprobs", "finish_reason"]);
const DELTA_FIELDS = new Set(["role", "content", "refusal", "tool_calls", "function_call", "annotations"]);

interface ToolCall {
  id: string | null;
  type: string | null;
  name: string;
  arguments: string;
}

interface Choice {
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCall[];
  functionCall: { name: string; arguments: string } | null;
  annotations: unknown[];
  finishReason: string | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const onlyKnown = (o: Json, known: Set<string>) => Object.keys(o).every((k) => known.has(k));

/** The completion's JSON bytes, or null when the stream cannot be rebuilt exactly. `text` is the stream's SSE text as the upstream sent it. */
export function completionFromStream(text: string): Buffer | null {
  let head: { id: string; created: number; model: string; system_fingerprint?: unknown; service_tier?: unknown } | null = null;
  let usage: Json | null = null;
  let done = false;
  const choices = new Map<number, Choice>();
  for (const event of text.split(/\r?\n\r?\n/)) {
    const lines = event.split(/\r?\n/).filter((l) => l !== "" && !l.startsWith(":"));
    if (lines.length === 0) continue;
    if (done || lines.length !== 1 || !lines[0]!.startsWith("data:")) return null; // named events, multi-line data, anything after [DONE]
    const data = lines[0]!.slice(5).trimStart();
    if (data === "[DONE]") {
      done = true;
      continue;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return null;
    }
    if (!isObject(chunk) || chunk.object !== "chat.completion.chunk" || !onlyKnown(chunk, CHUNK_FIELDS) || !Array.isArray(chunk.choices)) return null;
    if (typeof chunk.id !== "string" || typeof chunk.created !== "number" || typeof chunk.model !== "string") return null;
    head ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    if (chunk.id !== head.id) return null;
    if (chunk.system_fingerprint !== undefined) head.system_fingerprint = chunk.system_fingerprint;
    if (chunk.service_tier !== undefined) head.service_tier = chunk.service_tier;
    if (isObject(chunk.usage)) usage = chunk.usage;
    else if (chunk.usage !== undefined && chunk.usage !== null) return null;
    for (const c of chunk.choices) if (!addChoiceDelta(choices, c)) return null;
  }
  if (!head || !usage || choices.size === 0) return null;
  const ordered = [...choices.entries()].sort(([a], [b]) => a - b);
  // Every choice from 0 up finished, and every tool call has the id a replay must carry.
  if (ordered.some(([i, c], n) => i !== n || c.finishReason === null || c.toolCalls.some((t) => t === undefined || t.id === null))) return null;
  const completion: Json = {
    id: head.id, object: "chat.completion", created: head.created, model: head.model,
    choices: ordered.map(([index, c]) => ({ index, message: message(c), logprobs: null, finish_reason: c.finishReason })),
    usage,
  };
  if (head.service_tier !== undefined) completion.service_tier = head.service_tier;
  if (head.system_fingerprint !== undefined) completion.system_fingerprint = head.system_fingerprint;
  return Buffer.from(JSON.stringify(completion), "utf8");
}

function addChoiceDelta(choices: Map<number, Choice>, c: unknown): boolean {
  if (!isObject(c) || !onlyKnown(c, CHOICE_FIELDS) || !Number.isInteger(c.index) || (c.index as number) < 0) return false;
  if (c.logprobs != null) return false;
  const index = c.index as number;
  let choice = choices.get(index);
  if (!choice) choices.set(index, (choice = { content: null, refusal: null, toolCalls: [], functionCall: null, annotations: [], finishReason: null }));
  if (choice.finishReason !== null) return false; // a delta after the choice finished
  const d = c.delta ?? {};
  if (!isObject(d) || !onlyKnown(d, DELTA_FIELDS)) return false;
  if (d.role !== undefined && d.role !== null && d.role !== "assistant") return false;
  if (d.content != null) {
    if (typeof d.content !== "string") return false;
    choice.content = (choice.content ?? "") + d.content;
  }
  if (d.refusal != null) {
    if (typeof d.refusal !== "string") return false;
    choice.refusal = (choice.refusal ?? "") + d.refusal;
  }
  if (d.annotations != null) {
    if (!Array.isArray(d.annotations)) return false;
    choice.annotations.push(...(d.annotations as unknown[]));
  }
  if (d.function_call != null) {
    const f = d.function_call;
    if (!isObject(f)) return false;
    choice.functionCall ??= { name: "", arguments: "" };
    if (f.name != null) choice.functionCall.name += String(f.name);
    if (f.arguments != null) choice.functionCall.arguments += String(f.arguments);
  }
  if (d.tool_calls != null) {
    if (!Array.isArray(d.tool_calls)) return false;
    for (const t of d.tool_calls) {
      if (!isObject(t) || !Number.isInteger(t.index) || (t.index as number) < 0 || (t.index as number) > choice.toolCalls.length) return false;
      const at = t.index as number;
      const call = (choice.toolCalls[at] ??= { id: null, type: null, name: "", arguments: "" });
      if (typeof t.id === "string") call.id = t.id;
      if (typeof t.type === "string") call.type = t.type;
      const fn = t.function;
      if (fn != null) {
        if (!isObject(fn)) return false;
        if (typeof fn.name === "string") call.name += fn.name;
        if (typeof fn.arguments === "string") call.arguments += fn.arguments;
      }
    }
  }
  if (c.finish_reason != null) {
    if (typeof c.finish_reason !== "string") return false;
    choice.finishReason = c.finish_reason;
  }
  return true;
}

function message(c: Choice): Json {
  const m: Json = { role: "assistant", content: c.content, refusal: c.refusal, annotations: c.annotations };
  if (c.toolCalls.length > 0) {
    m.tool_calls = c.toolCalls.map((t) => ({ id: t.id, type: t.type ?? "function", function: { name: t.name, arguments: t.arguments } }));
  }
  if (c.functionCall) m.function_call = c.functionCall;
  return m;
}
