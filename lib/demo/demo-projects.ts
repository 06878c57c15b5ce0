import type { DemoProjectProfile } from "./generate-demo-usage";

// The name says the data is synthetic, so nobody mistakes the demo for real spend.
export const DEMO_ORG = { name: "Acme Corp (demo data)", slug: "acme", demoProjectSlug: "support-copilot" } as const;

/** A fine-tune nobody has priced yet: in the catalog without a price version, so its requests are unpriced until finance prices it. */
export const UNPRICED_DEMO_MODEL = {
  alias: "llama-3.1-70b-custom", displayName: "Llama 3.1 70B fine-tune (not priced yet)", provider: "together", upstreamModel: "acme/llama-3.1-70b-custom", tier: "mid",
} as const;

type Traffic = Omit<DemoProjectProfile, "projectId" | "slug" | "apiKeyId">;

/** A demo budget: its mode and the share of it the current month's seeded spend uses (percent). */
export interface DemoBudgetProfile {
  mode: "soft" | "hard";
  utilisationPercent: number;
}

/** The org budget: soft, at about two thirds. */
export const demoOrgBudget: DemoBudgetProfile = { mode: "soft", utilisationPercent: 65 };

export const demoProjects: { name: string; slug: string; description: string; traffic: Traffic; budget: DemoBudgetProfile }[] = [
  {
    name: "Support Copilot",
    slug: "support-copilot",
    description: "Drafts answers for the support team",
    // Hard and well under: the demo key is this project's, so a first proxy call is not refused.
    budget: { mode: "hard", utilisationPercent: 45 },
    traffic: {
      peakRequestsPerHour: 36,
      models: [{ alias: "gpt-5-mini", weight: 70 }, { alias: "claude-sonnet-4.5", weight: 12 }, { alias: "gpt-5-nano", weight: 18 }],
      tags: ["feature:reply-draft", "team:support"],
      meanInputTokens: 2400,
      meanOutputTokens: 350,
      cachedShare: 0.5,
    },
  },
  {
    name: "Search Ranking",
    slug: "search-ranking",
    description: "Re-ranks product search results",
    budget: { mode: "hard", utilisationPercent: 62 },
    traffic: {
      peakRequestsPerHour: 40,
      models: [{ alias: "gpt-5-nano", weight: 60 }, { alias: "deepseek-v3.2-exp", weight: 25 }, { alias: "qwen-0.6b", weight: 15 }],
      tags: ["feature:rerank", "team:search"],
      meanInputTokens: 900,
      meanOutputTokens: 40,
      cachedShare: 0.2,
    },
  },
  {
    name: "Sales Email Drafts",
    slug: "sales-email",
    description: "Personalised outreach drafts",
    // Just under its 80% alert threshold.
    budget: { mode: "hard", utilisationPercent: 78 },
    traffic: {
      peakRequestsPerHour: 12,
      models: [{ alias: "claude-haiku-4.5", weight: 55 }, { alias: "claude-opus-4.1", weight: 10 }, { alias: "gemini-3-flash", weight: 35 }],
      tags: ["feature:outreach", "team:sales"],
      meanInputTokens: 1500,
      meanOutputTokens: 600,
      cachedShare: 0.1,
    },
  },
  {
    name: "Knowledge Bot",
    slug: "knowledge-bot",
    description: "Internal Q&A over the wiki",
    // Soft and over: alerts, never refuses.
    budget: { mode: "soft", utilisationPercent: 115 },
    traffic: {
      peakRequestsPerHour: 16,
      models: [{ alias: "gpt-5", weight: 30 }, { alias: "grok-4-fast", weight: 40 }, { alias: "mistral-7b", weight: 20 }, { alias: "llama-3.1-70b-custom", weight: 10 }],
      tags: ["feature:qa", "team:it"],
      meanInputTokens: 3200,
      meanOutputTokens: 500,
      cachedShare: 0.3,
    },
  },
  {
    name: "Data Labeling",
    slug: "data-labeling",
    description: "Batch classification of tickets",
    budget: { mode: "hard", utilisationPercent: 52 },
    traffic: {
      peakRequestsPerHour: 10,
      models: [{ alias: "gemma-2b", weight: 50 }, { alias: "phi-3-mini", weight: 50 }],
      tags: ["feature:classify", "team:data"],
      meanInputTokens: 700,
      meanOutputTokens: 20,
      cachedShare: 0,
    },
  },
];
