// The demo's cloud-model measurements: the demo cannot call cloud models (no
// keys), and its only real runs are of the tiny local model (random weights,
// quality 0), so without these a new user sees no recommendation. Like the
// demo ledger they are synthetic and say so: trigger "demo-synthetic" on every
// run (the run page shows it). Each is a run of the classification starter
// suite, stored as the runner stores one (the suite snapshot, the metric
// definitions, one result row per case x repeat), summarised by the runner's
// own summariseRun. The per-request numbers come from a seeded generator
// around each model's profile below (no token counts: token ratios stay the
// documented defaults, never "measured" from made-up numbers). Only when the
// demo org has no synthetic run yet, so a restart adds nothing.
import type { Principal } from "../auth/principal";
import { definitionsForRun } from "../benchmarks/metrics/metric-definitions";
import { summariseRun, type ResultForSummary } from "../benchmarks/metrics/summarise-run";
import { runConfigSchema } from "../benchmarks/run-config";
import { suiteDefinitionSchema } from "../benchmarks/suite-schema";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { seededRandom } from "../random/seeded-random";

export const DEMO_SYNTHETIC_TRIGGER = "demo-synthetic";
export const DEMO_MEASURED_SUITE = "classification";
const REPEATS = 3;

export interface DemoModelProfile {
  alias: string;
  /** The share of answers that pass. */
  passRate: number;
  /** Typical time to first token, ms (samples spread 0.7x-1.6x around it). */
  ttftMs: number;
  tokensPerSec: number;
}

/** Invented, in the order of the public guides' rankings; no figure here was measured. */
export const DEMO_MODEL_PROFILES: readonly DemoModelProfile[] = [
  { alias: "claude-opus-4.1", passRate: 0.95, ttftMs: 1400, tokensPerSec: 45 },
  { alias: "claude-sonnet-4.5", passRate: 0.93, ttftMs: 900, tokensPerSec: 70 },
  { alias: "gpt-5", passRate: 0.94, ttftMs: 1100, tokensPerSec: 60 },
  { alias: "gemini-3-flash", passRate: 0.91, ttftMs: 520, tokensPerSec: 160 },
  { alias: "gpt-5-mini", passRate: 0.9, ttftMs: 650, tokensPerSec: 120 },
  { alias: "claude-haiku-4.5", passRate: 0.89, ttftMs: 600, tokensPerSec: 130 },
  { alias: "deepseek-v3.2-exp", passRate: 0.88, ttftMs: 1200, tokensPerSec: 40 },
  { alias: "grok-4-fast", passRate: 0.87, ttftMs: 450, tokensPerSec: 180 },
  { alias: "gpt-5-nano", passRate: 0.78, ttftMs: 380, tokensPerSec: 200 },
];

/** A model's per-request results on the cases (REPEATS each), from a seed: the same seed, the same rows. */
export function demoBenchmarkResults(caseIds: readonly string[], profile: DemoModelProfile, seed: number): ResultForSummary[] {
  const random = seededRandom(seed);
  const out: ResultForSummary[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const caseId of caseIds) {
      const ttftMs = Math.round(profile.ttftMs * (0.7 + 0.9 * random() ** 2));
      const outputTokensPerSec = Math.round(profile.tokensPerSec * (0.8 + 0.4 * random()));
      const e2eMs = ttftMs + Math.round((8 * 1000) / outputTokensPerSec);
      out.push({
        caseId, errorClass: null, ttftMs, e2eMs, tpotMs: (e2eMs - ttftMs) / 7, itlMs: [], outputTokensPerSec,
        inputTokens: null, outputTokens: null, costUsd: null, passed: random() < profile.passRate, score: null,
      });
    }
  }
  return out;
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Adds the synthetic runs for the catalog models among DEMO_MODEL_PROFILES; none when the org has some already. */
export async function seedDemoBenchmarkMeasurements(db: DbClient, principal: Pick<Principal, "orgId" | "userId">, now = new Date()): Promise<{ created: number }> {
  const { orgId } = principal;
  if ((await db.benchmarkRun.count({ where: { orgId, trigger: DEMO_SYNTHETIC_TRIGGER } })) > 0) return { created: 0 };
  const suite = await db.benchmarkSuite.findFirst({ where: { orgId, starterKey: DEMO_MEASURED_SUITE }, select: { id: true, definition: true } });
  if (!suite) return { created: 0 };
  const definition = suiteDefinitionSchema.parse(suite.definition);
  const caseIds = definition.cases.map((c) => c.id);
  const aliases = new Set((await db.model.findMany({ where: { orgId, alias: { in: DEMO_MODEL_PROFILES.map((p) => p.alias) } }, select: { alias: true } })).map((m) => m.alias));
  const config = runConfigSchema.parse({ repeats: REPEATS });
  const finishedAt = new Date(now.getTime() - 86_400_000);
  const batchId = `demo-synthetic-${finishedAt.toISOString().slice(0, 10)}`;
  let created = 0;
  for (const profile of DEMO_MODEL_PROFILES.filter((p) => aliases.has(p.alias))) {
    const results = demoBenchmarkResults(caseIds, profile, seedOf(profile.alias));
    const wallTimeMs = results.reduce((n, r) => n + (r.e2eMs ?? 0), 0);
    const summary = summariseRun(results, { wallTimeMs, objectives: {}, casesCount: caseIds.length });
    await db.$transaction(async (tx) => {
      const target = await tx.benchmarkTarget.upsert({ where: { orgId_modelAlias: { orgId, modelAlias: profile.alias } }, create: { orgId, modelAlias: profile.alias }, update: {}, select: { id: true } });
      const run = await tx.benchmarkRun.create({
        data: {
          orgId, suiteId: suite.id, targetId: target.id, batchId, trigger: DEMO_SYNTHETIC_TRIGGER, status: "succeeded",
          config: config as unknown as Prisma.InputJsonValue, suiteSnapshot: definition as unknown as Prisma.InputJsonValue, definitions: definitionsForRun() as unknown as Prisma.InputJsonValue,
          requestsTotal: results.length, requestsDone: results.length, createdById: principal.userId,
          startedAt: new Date(finishedAt.getTime() - wallTimeMs), finishedAt, summary: summary as unknown as Prisma.InputJsonValue,
        },
        select: { id: true },
      });
      let at = finishedAt.getTime() - wallTimeMs;
      await tx.benchmarkResult.createMany({
        data: results.map((r, i) => {
          const sentAt = new Date(at);
          at += r.e2eMs ?? 0;
          return {
            runId: run.id, caseId: r.caseId, repeat: Math.floor(i / caseIds.length), servedModel: profile.alias, httpStatus: 200, sentAt,
            ttftMs: r.ttftMs, e2eMs: r.e2eMs, tpotMs: r.tpotMs, outputTokensPerSec: r.outputTokensPerSec, passed: r.passed, output: "(synthetic demo measurement)",
          };
        }),
      });
    });
    created++;
  }
  return { created };
}
