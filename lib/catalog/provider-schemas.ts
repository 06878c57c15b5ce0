import { z } from "zod";

export const PROVIDER_VENDORS = ["openai", "anthropic", "google", "xai", "deepseek", "groq", "mistral", "together", "openrouter", "ollama", "vllm", "llamacpp", "lmstudio", "other"] as const;

const baseUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL like https://api.openai.com/v1" }).transform((u) => u.replace(/\/+$/, ""));

export const createProviderSchema = z.object({
  name: z.string().trim().min(1).max(64),
  vendor: z.enum(PROVIDER_VENDORS),
  kind: z.enum(["cloud", "local"]),
  baseUrl,
  // Write-only: stored encrypted, never returned.
  credential: z.string().min(1).max(4096).optional(),
});

export const updateProviderSchema = createProviderSchema.partial().extend({
  credential: z.string().min(1).max(4096).nullable().optional(),
  enabled: z.boolean().optional(),
});
