// Meters an OpenAI SSE stream while passing its bytes through: finds the
// usage chunk (sent last, only when stream_options.include_usage was set),
// hides it from clients that did not ask for it, notes when the first
// content arrived and keeps what was streamed so a cut-off stream can still
// be counted. Complete events are forwarded as the upstream's own bytes;
// only the one chunk that carries usage is decoded and parsed.
// (With include_usage on, OpenAI also puts "usage":null in every chunk; that
// null is part of the documented chunk shape and is passed through.)
import type { TokenUsage } from "../pricing/price-request";
import { extractUsage } from "./extract-usage";

const EVENT_END = /\r?\n\r?\n/;
const USAGE_OBJECT = Buffer.from('"usage":{');
const CR = Buffer.from("\r");
const DONE = Buffer.from("data: [DONE]");
// A stream has finished once it said so: [DONE] (chat), a finish_reason (chat
// streams whose upstream omits [DONE]) or a terminal Responses API event.
// (Markers start with a quote, so the same words inside generated text, escaped, never match.)
const FINISHED = [DONE, '"finish_reason":"', '"finish_reason": "', '"type":"response.completed"', '"type":"response.incomplete"', '"type":"response.failed"'].map((m) => Buffer.from(m));
const CONTENT_MARKERS = [Buffer.from('"content":"'), Buffer.from('"delta":"')];
const QUOTE = 0x22;

export class SseMeter {
  usage: TokenUsage | null = null;
  firstContentAt: number | null = null;
  sawDone = false;
  /** The upstream said the stream is complete (see FINISHED); false for a stream cut off mid-answer. */
  finished = false;
  private pending: Buffer = Buffer.alloc(0);
  private seen: Buffer[] = [];
  /** The upstream's bytes as they came, while keepRaw allows (for the response cache); null: not kept. */
  private raw: { chunks: Buffer[]; bytes: number; limit: number; overflow: boolean } | null = null;

  constructor(private readonly hideUsage: boolean) {}

  /** Keeps the upstream's bytes from now on, up to limit (past it nothing is kept: rawText() is null). */
  keepRaw(limit: number): void {
    this.raw = { chunks: [], bytes: 0, limit, overflow: false };
  }

  /** The upstream's bytes since keepRaw, as text; null when not kept or over the limit. */
  rawText(): string | null {
    return this.raw && !this.raw.overflow ? Buffer.concat(this.raw.chunks).toString("utf8") : null;
  }

  /** What to forward for this upstream chunk: its complete events (held-back bytes follow later). */
  push(chunk: Buffer): Buffer | string {
    if (this.raw && !this.raw.overflow) {
      this.raw.bytes += chunk.length;
      if (this.raw.bytes > this.raw.limit) {
        this.raw.overflow = true;
        this.raw.chunks = [];
      } else this.raw.chunks.push(Buffer.from(chunk));
    }
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const end = buf.lastIndexOf("\n\n");
    if (end < 0) {
      this.pending = Buffer.from(buf);
      return "";
    }
    const complete = buf.subarray(0, end + 2);
    this.pending = Buffer.from(buf.subarray(end + 2));
    // Rare paths, event by event: CRLF framing, and the usage chunk (once per stream) with what follows it.
    if (complete.includes(CR)) return this.handleEvents(complete.toString("utf8"));
    const usageAt = complete.indexOf(USAGE_OBJECT);
    if (usageAt < 0) {
      this.note(complete);
      return complete;
    }
    // An upstream that writes the whole answer at once: the events before the usage chunk pass as bytes.
    const eventStart = complete.lastIndexOf("\n\n", usageAt) + 2;
    if (eventStart < 2) return this.handleEvents(complete.toString("utf8"));
    const before = complete.subarray(0, eventStart);
    this.note(before);
    return Buffer.concat([before, Buffer.from(this.handleEvents(complete.subarray(eventStart).toString("utf8")))]);
  }

  /** Whatever is left after the upstream ended (an unterminated last event). */
  flush(): string {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length ? this.handleEvents(`${rest.toString("utf8")}\n\n`) : "";
  }

  /** Text generated so far, for estimating a stream without usage. */
  streamedText(): string {
    let text = "";
    for (const block of this.seen) {
      for (const line of block.toString("utf8").split(/\r?\n/)) {
        if (!line.startsWith("data: {")) continue;
        try {
          const chunk = JSON.parse(line.slice(6)) as { choices?: { delta?: { content?: unknown } }[]; delta?: unknown; type?: string };
          for (const c of chunk.choices ?? []) if (typeof c.delta?.content === "string") text += c.delta.content;
          if (chunk.type === "response.output_text.delta" && typeof chunk.delta === "string") text += chunk.delta;
        } catch {
          // A partial line from a cut-off stream: nothing to count.
        }
      }
    }
    return text;
  }

  private note(block: Buffer) {
    this.seen.push(block);
    if (this.firstContentAt === null && hasContent(block)) this.firstContentAt = performance.now();
    if (!this.sawDone && block.includes(DONE)) this.sawDone = true;
    this.noteFinish(block);
  }

  private noteFinish(block: Buffer) {
    if (!this.finished && FINISHED.some((marker) => block.includes(marker))) this.finished = true;
  }

  private handleEvents(text: string): string {
    let out = "";
    for (const event of text.split(EVENT_END)) {
      if (event) out += this.handleEvent(event);
    }
    return out;
  }

  private handleEvent(event: string): string {
    const data = event.startsWith("data: ") ? event.slice(6) : null;
    if (data !== null && data.includes('"usage":{')) {
      this.noteFinish(Buffer.from(event));
      try {
        const parsed = JSON.parse(data) as { choices?: unknown[]; response?: unknown };
        this.usage = extractUsage(parsed) ?? extractUsage(parsed.response) ?? this.usage;
        // The usage-only chunk exists because the proxy asked for it.
        if (this.hideUsage && Array.isArray(parsed.choices) && parsed.choices.length === 0) return "";
      } catch {
        // Not JSON after all: pass it on untouched.
      }
      return `${event}\n\n`;
    }
    this.note(Buffer.from(event));
    return `${event}\n\n`;
  }
}

/** True when the block carries non-empty generated text (for time to first token). */
function hasContent(block: Buffer): boolean {
  for (const marker of CONTENT_MARKERS) {
    let at = block.indexOf(marker);
    while (at >= 0) {
      if (block[at + marker.length] !== QUOTE) return true;
      at = block.indexOf(marker, at + 1);
    }
  }
  return false;
}
