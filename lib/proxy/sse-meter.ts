// Meters an OpenAI SSE stream while passing its bytes through: finds the
// usage chunk (sent last, only when stream_options.include_usage was set),
// hides it from clients that did not ask for it, notes when the first
// content arrived and keeps the data lines so a cut-off stream can still be
// counted. JSON is parsed only for the usage chunk (and, after a cut-off,
// once at the end), not per token.
import type { TokenUsage } from "../pricing/price-request";
import { extractUsage } from "./extract-usage";

const EVENT_END = /\r?\n\r?\n/;

export class SseMeter {
  usage: TokenUsage | null = null;
  firstContentAt: number | null = null;
  sawDone = false;
  private pending = "";
  private dataLines: string[] = [];

  constructor(private readonly hideUsage: boolean) {}

  /** Returns the bytes to forward for this upstream chunk. */
  push(chunk: Buffer): string {
    this.pending += chunk.toString("utf8");
    let out = "";
    let match: RegExpExecArray | null;
    while ((match = EVENT_END.exec(this.pending))) {
      const event = this.pending.slice(0, match.index);
      this.pending = this.pending.slice(match.index + match[0].length);
      out += this.handleEvent(event);
    }
    return out;
  }

  /** Whatever is left after the upstream ended (an unterminated last event). */
  flush(): string {
    const rest = this.pending;
    this.pending = "";
    return rest ? this.handleEvent(rest) : "";
  }

  /** Text generated so far, for estimating a stream without usage. */
  streamedText(): string {
    let text = "";
    for (const data of this.dataLines) {
      try {
        const chunk = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[]; delta?: unknown; type?: string };
        for (const c of chunk.choices ?? []) if (typeof c.delta?.content === "string") text += c.delta.content;
        if (chunk.type === "response.output_text.delta" && typeof chunk.delta === "string") text += chunk.delta;
      } catch {
        // A partial line from a cut-off stream: nothing to count.
      }
    }
    return text;
  }

  private handleEvent(event: string): string {
    const data = event.startsWith("data: ") ? event.slice(6) : null;
    if (data === null) return `${event}\n\n`;
    if (data === "[DONE]") {
      this.sawDone = true;
      return `${event}\n\n`;
    }
    if (this.firstContentAt === null && /"(content|delta)":"[^"]/.test(data)) this.firstContentAt = performance.now();
    if (data.includes('"usage":{')) {
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
    this.dataLines.push(data);
    return this.hideUsage ? `${event.replace(',"usage":null', "")}\n\n` : `${event}\n\n`;
  }
}
