// One request's latency figures from the client's own clock (performance.now()
// milliseconds), with vLLM benchmark_serving's definitions:
//   TTFT = first content chunk - sent; E2E = last byte - sent;
//   TPOT = (E2E - TTFT) / (output tokens - 1), only with more than one token;
//   ITL  = every gap between consecutive content chunks;
//   output tokens/s = output tokens / (E2E - TTFT).
// A "content chunk" carried text or tool-call deltas; the role-only first
// chunk and the usage chunk are not content. A non-streamed answer has no
// chunks: its first token is seen with the last byte (TTFT = E2E), and its
// token pace is unobservable (no ITL, TPOT and tokens/s null).

export interface RequestTimingInput {
  sentAtMs: number;
  /** Arrival time of each chunk that carried content, in arrival order. Empty for a non-streamed answer. */
  chunkTimesMs: readonly number[];
  /** When the last byte arrived. */
  endMs: number;
  /** Output tokens as the model reported them (null when it did not). */
  outputTokens: number | null;
}

export interface RequestTimings {
  ttftMs: number;
  e2eMs: number;
  /** Null with at most one output token, unknown tokens, or a non-streamed answer. */
  tpotMs: number | null;
  itlMs: number[];
  /** Null when E2E - TTFT is zero (a non-streamed answer) or the token count is unknown. */
  outputTokensPerSec: number | null;
}

export function measureRequestTimings(input: RequestTimingInput): RequestTimings {
  const { sentAtMs, chunkTimesMs, endMs, outputTokens } = input;
  if (!Number.isFinite(sentAtMs)) throw new RangeError(`sentAtMs must be a finite number, got ${sentAtMs}`);
  if (!Number.isFinite(endMs) || endMs < sentAtMs) throw new RangeError(`endMs must be a finite number not before sentAtMs, got ${endMs}`);
  if (outputTokens !== null && !(Number.isSafeInteger(outputTokens) && outputTokens >= 0)) {
    throw new RangeError(`outputTokens must be a non-negative integer or null, got ${outputTokens}`);
  }
  let previous = sentAtMs;
  for (let i = 0; i < chunkTimesMs.length; i++) {
    const t = chunkTimesMs[i]!;
    if (!Number.isFinite(t) || t < previous || t > endMs) {
      throw new RangeError(`chunkTimesMs[${i}] must be a finite time between sentAtMs and endMs, not before the chunk before it, got ${t}`);
    }
    previous = t;
  }

  const e2eMs = endMs - sentAtMs;
  const streamed = chunkTimesMs.length > 0;
  const ttftMs = streamed ? chunkTimesMs[0]! - sentAtMs : e2eMs;
  const itlMs: number[] = [];
  for (let i = 1; i < chunkTimesMs.length; i++) itlMs.push(chunkTimesMs[i]! - chunkTimesMs[i - 1]!);
  const decodeMs = e2eMs - ttftMs;
  const tpotMs = streamed && outputTokens !== null && outputTokens > 1 ? decodeMs / (outputTokens - 1) : null;
  const outputTokensPerSec = outputTokens !== null && decodeMs > 0 ? (outputTokens * 1000) / decodeMs : null;
  return { ttftMs, e2eMs, tpotMs, itlMs, outputTokensPerSec };
}
