// Which requests are "the same question" for the exact-match response cache,
// and which must never be answered from it. A key is a sha256 over a
// canonical JSON (object keys sorted at every level, arrays in order) of the
// org, the project (unless the rule shares across projects), the endpoint,
// the alias that serves the request, and the body minus the fields listed in
// FIELDS_OUTSIDE_KEY. Everything else stays in, including fields we do not
// know: an unknown field can only cost a miss, never a wrong answer.
// Keys are `tollgate:rcache:<orgId>:<hash>`, so an org's entries can be
// found and dropped together.
import { createHash, type Hash } from "node:crypto";
import type { RouteEndpoint } from "../policy-schema";

export const RESPONSE_CACHE_PREFIX = "tollgate:rcache:";
/** Bumped when the canonical form changes, so old entries simply stop matching. */
const KEY_VERSION = 1;
const ORG_ID = /^[A-Za-z0-9_-]{1,128}$/;
const KEY = /^tollgate:rcache:([A-Za-z0-9_-]{1,128}):([0-9a-f]{64})$/;

/** Top-level body fields left out of the key, and why each does not change the answer's content. */
export const FIELDS_OUTSIDE_KEY: Readonly<Record<string, string>> = {
  model: "replaced by the alias that serves the request: a routed \"auto\" and an explicit alias landing on the same target ask the same model",
  stream: "transport only: a streaming request is answered from a non-streaming entry by replaying it as SSE",
  stream_options: "transport only: include_usage decides whether the replay sends a usage chunk, include_obfuscation pads chunks",
  user: "an end-user id for the provider's abuse monitoring; the answer does not depend on it",
  safety_identifier: "the newer name of `user`",
  metadata: "labels for the provider's stored-completion dashboards, not seen by the model",
  store: "whether the provider keeps a copy; a hit replays the original's id and stores nothing new upstream",
  service_tier: "latency and price class (auto/default/flex/priority); the same model answers",
  prompt_cache_key: "a hint for the provider's prompt caching (a cost, not the content)",
  prompt_cache_retention: "how long the provider keeps its prompt cache",
};

export interface CacheKeyInput {
  orgId: string;
  projectId: string;
  /** The rule's cache.shareAcrossProjects: the project is left out of the key (never the org). */
  shareAcrossProjects: boolean;
  endpoint: RouteEndpoint;
  /** The alias of the target that serves the request (for a put: the one that actually served it). */
  model: string;
  body: Readonly<Record<string, unknown>>;
}

/** `tollgate:rcache:<orgId>:<sha256 hex>`. Throws only on an org id outside the id alphabet (a bug, not input). */
export function cacheKey(input: CacheKeyInput): string {
  if (!ORG_ID.test(input.orgId)) throw new Error(`cacheKey: org id ${JSON.stringify(input.orgId)} is not an id`);
  const hash = createHash("sha256");
  const w = new HashWriter(hash);
  // The envelope's own keys are fixed and written in sorted order by hand.
  w.write(`{"body":`);
  writeBody(w, input.body);
  w.write(`,"endpoint":${JSON.stringify(input.endpoint)},"model":${JSON.stringify(input.model)},"org":${JSON.stringify(input.orgId)}`);
  // null cannot be a project id, so a shared key never equals a project's.
  w.write(`,"project":${input.shareAcrossProjects ? "null" : JSON.stringify(input.projectId)},"v":${KEY_VERSION}}`);
  w.flush();
  return `${RESPONSE_CACHE_PREFIX}${input.orgId}:${hash.digest("hex")}`;
}

/** The SCAN pattern of every key of an org (entries and the store's bookkeeping). */
export function orgKeyPattern(orgId: string): string {
  if (!ORG_ID.test(orgId)) throw new Error(`orgKeyPattern: org id ${JSON.stringify(orgId)} is not an id`);
  return `${RESPONSE_CACHE_PREFIX}${orgId}:*`; // the alphabet holds no glob characters
}

/** The org and hash of a key made by cacheKey; null for anything else. */
export function parseCacheKey(key: string): { orgId: string; hash: string } | null {
  const m = KEY.exec(key);
  return m ? { orgId: m[1]!, hash: m[2]! } : null;
}

/** Whether the proxy may answer this request from the cache (and store its answer). */
export function isCacheable(endpoint: RouteEndpoint, body: Readonly<Record<string, unknown>>): boolean {
  return uncacheableReason(endpoint, body) === null;
}

/** Why a request must not be answered from the cache, or null when it may. */
export function uncacheableReason(endpoint: RouteEndpoint, body: Readonly<Record<string, unknown>>): string | null {
  if (endpoint === "embeddings") return null; // the answer is a function of input, model, dimensions and encoding
  if (endpoint === "responses") {
    // A Responses stream is a sequence of typed events; replaying one is not simple enough to trust yet.
    if (body.stream === true) return "streaming /responses is not replayed";
    if (body.background === true) return "background responses are polled, not answered";
    // The answer depends on conversation state the provider holds, and a real call appends to it.
    if (present(body.previous_response_id)) return "previous_response_id: depends on stored state";
    if (present(body.conversation)) return "conversation: depends on stored state";
    // An unversioned prompt template resolves to whatever version is current.
    if (isObject(body.prompt) && !present(body.prompt.version)) return "prompt without a version";
  }
  if (endpoint === "chat.completions") {
    if (present(body.web_search_options)) return "web search: depends on the live web";
    // Audio answers carry an id that expires upstream, and have no simple stream replay.
    if (present(body.audio) || (Array.isArray(body.modalities) && body.modalities.includes("audio"))) return "audio output";
  }
  // Tools the client runs are fine (the answer is a tool call); hosted tools (web/file search, code
  // interpreter, MCP, computer use, ...) read outside state or act in the world, and a replay would skip that.
  if (Array.isArray(body.tools) && body.tools.some((t) => !isObject(t) || (t.type !== "function" && t.type !== "custom"))) return "hosted tools";
  // A remote image or file is whatever its URL serves at the time; an inline data: URL or an uploaded file id is fixed.
  if (referencesRemoteMedia(endpoint === "responses" ? body.input : body.messages, 0)) return "remote image or file URL";
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null && v !== "";
const isRemoteUrl = (v: unknown) => typeof v === "string" && !/^data:/i.test(v.trimStart());
// Deeper than the proxy accepts (MAX_JSON_DEPTH 128): give up and call it remote, i.e. not cacheable.
const MAX_WALK_DEPTH = 256;

function referencesRemoteMedia(node: unknown, depth: number): boolean {
  if (depth > MAX_WALK_DEPTH) return true;
  if (Array.isArray(node)) return node.some((n) => referencesRemoteMedia(n, depth + 1));
  if (!isObject(node)) return false;
  const image = node.image_url;
  if (isRemoteUrl(image) || (isObject(image) && isRemoteUrl(image.url))) return true;
  if (isRemoteUrl(node.file_url) || isRemoteUrl(node.audio_url) || isRemoteUrl(node.video_url)) return true;
  for (const k in node) if (Object.hasOwn(node, k) && referencesRemoteMedia(node[k], depth + 1)) return true;
  return false;
}

function writeBody(w: HashWriter, body: Readonly<Record<string, unknown>>): void {
  const kept: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(body)) if (!Object.hasOwn(FIELDS_OUTSIDE_KEY, k)) kept[k] = body[k];
  writeCanonical(w, kept);
}

/**
 * JSON with object keys sorted (UTF-16 code unit order) at every level. Strings go through
 * JSON.stringify, which escapes NUL, control characters and lone surrogates, so distinct
 * strings never hash alike. Written straight to the hash: nothing is built (a `__proto__`
 * key stays a key) and a large body is never held twice.
 */
function writeCanonical(w: HashWriter, v: unknown): void {
  if (typeof v !== "object" || v === null) {
    w.write(JSON.stringify(v) ?? "null");
    return;
  }
  if (Array.isArray(v)) {
    w.write("[");
    for (let i = 0; i < v.length; i++) {
      if (i > 0) w.write(",");
      writeCanonical(w, v[i] === undefined ? null : v[i]);
    }
    w.write("]");
    return;
  }
  const obj = v as Record<string, unknown>;
  w.write("{");
  let first = true;
  for (const k of Object.keys(obj).sort()) {
    if (obj[k] === undefined) continue;
    w.write(`${first ? "" : ","}${JSON.stringify(k)}:`);
    first = false;
    writeCanonical(w, obj[k]);
  }
  w.write("}");
}

/** Batches small writes into the hash (one update per ~64k characters, not per token). */
class HashWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly hash: Hash) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65_536) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.hash.update(this.parts.join(""), "utf8");
    this.parts = [];
    this.size = 0;
  }
}
