// The body sent upstream differs from the client's in at most two places: the
// model (the deployment's upstream name) and, for a stream, the
// stream_options.include_usage the proxy adds. Both are spliced into the
// client's bytes instead of re-serialising the parsed body: one scan of the
// top level (string contents skipped with the native indexOf), no new
// object graph. Whatever the splice cannot do safely (an escaped or repeated
// key, a stream_options the client sent) is left to the caller to
// re-serialise (null).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MODEL_KEY = Buffer.from("model");
const STREAM_OPTIONS_KEY = Buffer.from("stream_options");
const isWhitespace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** Whether json[start, end) is exactly `key`. */
const isKey = (json: Buffer, start: number, end: number, key: Buffer) => end - start === key.length && json.compare(key, 0, key.length, start, end) === 0;

const INCLUDE_USAGE = Buffer.from('"stream_options":{"include_usage":true},');

export interface BodyChanges {
  /** The model name to send instead of the client's. */
  model?: string;
  /** Add stream_options.include_usage = true (the client sent no stream_options). */
  addIncludeUsage?: boolean;
}

interface TopLevel {
  /** Index of the object's opening brace. */
  open: number;
  /** [start, end) of the one top-level "model" value (quotes included); null when absent. */
  model: [number, number] | null;
  hasStreamOptions: boolean;
}

/** The client's bytes with the changes spliced in; null when the body must be re-serialised instead. */
export function rewriteRequestBody(raw: Buffer, changes: BodyChanges): Buffer | null {
  const top = scanTopLevel(raw);
  if (!top) return null;
  if (changes.addIncludeUsage && top.hasStreamOptions) return null;
  const parts: Buffer[] = [raw.subarray(0, top.open + 1)];
  if (changes.addIncludeUsage) parts.push(INCLUDE_USAGE);
  if (changes.model !== undefined) {
    if (!top.model) return null;
    parts.push(raw.subarray(top.open + 1, top.model[0]), Buffer.from(JSON.stringify(changes.model)), raw.subarray(top.model[1]));
  } else {
    parts.push(raw.subarray(top.open + 1));
  }
  return Buffer.concat(parts);
}

/** Where the top-level keys the splice needs are; null for anything unusual (escaped or repeated model key, not an object). */
function scanTopLevel(json: Buffer): TopLevel | null {
  let open = -1;
  let depth = 0;
  let model: [number, number] | null = null;
  let models = 0;
  let hasStreamOptions = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      if (end < 0) return null;
      if (depth === 1) {
        let next = end + 1;
        while (isWhitespace(json[next])) next++;
        if (json[next] === COLON) {
          // A key of the body itself.
          const slash = json.indexOf(BACKSLASH, i + 1);
          if (slash >= 0 && slash < end) return null; // an escaped key may spell "model": leave it to JSON
          if (isKey(json, i + 1, end, STREAM_OPTIONS_KEY)) hasStreamOptions = true;
          else if (isKey(json, i + 1, end, MODEL_KEY)) {
            models++;
            let v = next + 1;
            while (isWhitespace(json[v])) v++;
            if (json[v] !== QUOTE) return null;
            const vEnd = stringEnd(json, v);
            if (vEnd < 0) return null;
            model = [v, vEnd + 1];
            i = vEnd;
            continue;
          }
        }
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) {
        if (c !== 0x7b || open >= 0) return null;
        open = i;
      }
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  if (open < 0 || models > 1) return null;
  return { open, model, hasStreamOptions };
}

/** Index of the quote closing the string that opens at `start`; -1 if unterminated. */
function stringEnd(json: Buffer, start: number): number {
  let end = start;
  for (;;) {
    end = json.indexOf(QUOTE, end + 1);
    if (end < 0) return -1;
    let slashes = 0;
    while (json[end - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
  }
}
