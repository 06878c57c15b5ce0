// Meters an OpenAI SSE stream while passing its bytes through: finds the
// usage chunk (sent last, only when stream_options.include_usage was set),
// hides it from clients that did not ask for it, notes when the first
// content arrived and keeps the data lines so a cut-off stream can still be
// counted. JSON is parsed only for the usage chunk (and, after a cut-off,
// once at the end), not per token.
import type { TokenUsage } from "../pricing/price-request";
import { extractUsage } from "./extract-usage";

const EVENT_END = /\r?\n\r?\n/;
const CONTENT = /"(content|delta)":"[^"]/;

export class SseMeter {
  usage: TokenUsage | null = null;
  firstContentAt: number | null = null;
  sawDone = false;
  private pending = "";
  private seen: string[] = [];

  constructor(private readonly hideUsage: boolean) {}

  /** Returns the text to forward for this upstream chunk (complete events only). */
  push(chunk: Buffer): string {
    const text = this.pending + chunk.toString("utf8");
    const end = text.lastIndexOf("\n\n");
    if (end < 0) {
      this.pending = text;
      return "";
    }
    const complete = text.slice(0, end + 2);
    this.pending = text.slice(end + 2);
    // Rare paths event by event: the usage chunk (once per stream) and CRLF framing.
    if (complete.includes('"usage":{') || complete.includes("\r")) return this.handleEvents(complete);
    this.note(complete);
    return this.hideUsage ? complete.replaceAll(',"usage":null', "") : complete;
  }

  /** Whatever is left after the upstream ended (an unterminated last event). */
  flush(): string {
    const rest = this.pending;
    this.pending = "";
    return rest ? this.handleEvents(`${rest}\n\n`) : "";
  }

  /** Text generated so far, for estimating a stream without usage. */
  streamedText(): string {
    let text = "";
    for (const block of this.seen) {
      for (const line of block.split(/\r?\n/)) {
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

  private note(block: string) {
    this.seen.push(block);
    if (this.firstContentAt === null && CONTENT.test(block)) this.firstContentAt = performance.now();
    if (!this.sawDone && block.includes("data: [DONE]")) this.sawDone = true;
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
    this.note(event);
    return this.hideUsage ? `${event.replace(',"usage":null', "")}\n\n` : `${event}\n\n`;
  }
}
