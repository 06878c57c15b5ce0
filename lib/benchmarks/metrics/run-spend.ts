// What a run spent, by kind of request, in exact nano-dollars. The run's
// cost (BenchmarkRun.costUsd, what the cap stops at and what the ledger
// shows under the run's tag) is all of it: the measured requests, the
// warm-up and the llm-rubric judge calls. Quality-versus-cost compares the
// target model alone, so the summary's per-request and per-1,000-cases
// figures (summarise-cost.ts) count only the measured requests, and the
// judge's share is stored beside them to be shown apart.
import { nanoToUsd, usdToNano } from "@/lib/money/nano-usd";

export type SpendKind = "measured" | "warmup" | "judge";

export interface RunSpendSummary {
  totalUsd: string;
  measuredUsd: string;
  warmupUsd: string;
  warmupRequests: number;
  judgeUsd: string;
  /** Judge requests sent, answered or not. */
  judgeCalls: number;
  /** Judge requests that came back without a cost (no price in effect, or the request failed before usage). */
  judgeUnpricedCalls: number;
}

export class RunSpend {
  private readonly nano: Record<SpendKind, bigint> = { measured: 0n, warmup: 0n, judge: 0n };
  private warmups = 0;
  private judges = 0;
  private judgesUnpriced = 0;

  /** Adds one request's metered cost (a decimal USD string, or null when unpriced). */
  add(kind: SpendKind, costUsd: string | null): void {
    if (kind === "warmup") this.warmups++;
    if (kind === "judge") {
      this.judges++;
      if (costUsd === null) this.judgesUnpriced++;
    }
    if (costUsd !== null) this.nano[kind] += usdToNano(costUsd);
  }

  get totalNano(): bigint {
    return this.nano.measured + this.nano.warmup + this.nano.judge;
  }

  summary(): RunSpendSummary {
    return {
      totalUsd: nanoToUsd(this.totalNano),
      measuredUsd: nanoToUsd(this.nano.measured),
      warmupUsd: nanoToUsd(this.nano.warmup),
      warmupRequests: this.warmups,
      judgeUsd: nanoToUsd(this.nano.judge),
      judgeCalls: this.judges,
      judgeUnpricedCalls: this.judgesUnpriced,
    };
  }
}
