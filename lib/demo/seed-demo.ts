// Seeds an empty database with the demo org once. A second call finds the
// org and changes nothing. Usage goes through recordUsageBatch, the path the
// ingest worker uses for real traffic, so raw rows and rollups agree.
import { randomBytes } from "node:crypto";
import type { DbClient } from "../db/create-db-client";
import { hashPassword } from "../auth/password";
import { seedDemoBudgets } from "./seed-demo-budgets";
import { checkPublicPrices } from "../catalog/public-prices/io/check-public-prices";
import { LastUsedRecorder } from "../access/last-used-recorder";
import { createApiKey } from "../keys/create-api-key";
import { installPriceBook } from "../pricing/install-price-book";
import { loadPriceTable } from "../pricing/load-price-table";
import { recordUsageBatch } from "../usage/record-usage-batch";
import type { UsageEventInput } from "../usage/usage-event-schema";
import { generateDemoUsage, type DemoProjectProfile } from "./generate-demo-usage";
import { demoProjects, DEMO_ORG, UNPRICED_DEMO_MODEL } from "./demo-projects";
import { demoRoutingPolicies, routeDemoUsage } from "./route-demo-usage";
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { compilePolicies } from "../routing/compile-policies";
import { loadRoutingCatalog } from "../routing/load-routing-catalog";
import { loadRoutingPolicies } from "../routing/load-routing-policies";
import { createRoutingPolicy } from "../routing/manage-routing-policies";

// Two 30-day windows: the default dashboard view has a real previous period to compare with.
export const DEMO_DAYS = 60;

export interface SeedResult {
  created: boolean;
  orgId: string;
  ownerEmail: string;
  /** Only when this call created the owner with a generated password. */
  ownerPassword?: string;
  /** Only when this call created it; keys are stored hashed. */
  demoApiKey?: string;
  usageEvents: number;
}

export async function seedDemo(
  db: DbClient,
  options: { ownerEmail: string; ownerPassword?: string; now?: Date; days?: number; batchSize?: number },
): Promise<SeedResult> {
  const existing = await db.org.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  if (existing) return { created: false, orgId: existing.id, ownerEmail: options.ownerEmail, usageEvents: 0 };

  const ownerPassword = options.ownerPassword ?? randomBytes(12).toString("base64url");
  const org = await db.org.create({ data: { name: DEMO_ORG.name, slug: DEMO_ORG.slug, timezone: "UTC" }, select: { id: true } });
  const owner = await db.user.upsert({
    where: { email: options.ownerEmail },
    create: { email: options.ownerEmail, name: "Demo Owner", passwordHash: await hashPassword(ownerPassword) },
    update: {},
    select: { id: true },
  });
  await db.membership.create({ data: { orgId: org.id, userId: owner.id, role: "owner" } });
  await installPriceBook(db, org.id);
  await addUnpricedDemoModel(db, org.id);

  const profiles: DemoProjectProfile[] = [];
  let demoApiKey: string | undefined;
  for (const p of demoProjects) {
    const project = await db.project.create({ data: { orgId: org.id, name: p.name, slug: p.slug, description: p.description }, select: { id: true } });
    const key = await createApiKey(db, { projectId: project.id, name: `${p.name} production`, createdById: owner.id });
    if (p.slug === DEMO_ORG.demoProjectSlug) demoApiKey = key.secret;
    profiles.push({ ...p.traffic, projectId: project.id, slug: p.slug, apiKeyId: key.id });
  }

  const now = options.now ?? new Date();
  const endHour = new Date(Math.floor(now.getTime() / 3600_000) * 3600_000);
  const prices = await loadPriceTable(db, org.id);
  let batch: UsageEventInput[] = [];
  let usageEvents = 0;
  // The keys' lastUsedAt goes through the recorder the proxy uses, with each key's last demo request.
  const lastUsed = new LastUsedRecorder(db, "api_key", { flushEveryMs: 60_000 });
  const flush = async () => {
    usageEvents += (await recordUsageBatch(db, batch)).inserted;
    for (const e of batch) if (e.apiKeyId) lastUsed.touch(e.apiKeyId, new Date(e.occurredAt).getTime());
    batch = [];
  };
  const routing = await seedDemoRouting(db, org.id, owner.id, options.ownerEmail, profiles);
  const generated = generateDemoUsage({ orgId: org.id, projects: profiles, prices, endHour, days: options.days ?? DEMO_DAYS });
  for (const event of routeDemoUsage(generated, { routing, prices, endHour })) {
    batch.push(event);
    if (batch.length >= (options.batchSize ?? 2000)) await flush();
  }
  await flush();
  await lastUsed.close();
  await seedDemoBudgets(db, org.id, now);
  // The daily check's first pass, so a new user finds the public dataset's prices pending review on the Models page.
  await checkPublicPrices(db, org.id, "system", now);

  return {
    created: true,
    orgId: org.id,
    ownerEmail: options.ownerEmail,
    ownerPassword: options.ownerPassword ? undefined : ownerPassword,
    demoApiKey,
    usageEvents,
  };
}

/** Saves the demo's routing policies as the Routing page would, and returns them compiled as the proxy compiles them. */
async function seedDemoRouting(db: DbClient, orgId: string, ownerId: string, ownerEmail: string, profiles: DemoProjectProfile[]) {
  const owner: Principal = { kind: "user", actor: `user:${ownerId}`, userId: ownerId, email: ownerEmail, orgId, role: "owner" };
  // No proxy runs while the demo is seeded: nobody to tell.
  const nobody = { publish: async () => 0 } as unknown as Redis;
  for (const { projectSlug, policy } of demoRoutingPolicies) {
    const projectId = projectSlug === null ? null : profiles.find((p) => p.slug === projectSlug)!.projectId;
    await createRoutingPolicy(db, nobody, owner, { ...policy, projectId });
  }
  return compilePolicies(await loadRoutingPolicies(db, orgId), await loadRoutingCatalog(db, orgId));
}

// The demo's unpriced model: in the catalog (so the proxy could serve it and the Models page lists
// it for finance to price), with a deployment and no price version, so its traffic is metered unpriced.
async function addUnpricedDemoModel(db: DbClient, orgId: string): Promise<void> {
  const provider = await db.provider.findUniqueOrThrow({ where: { orgId_name: { orgId, name: UNPRICED_DEMO_MODEL.provider } }, select: { id: true } });
  await db.model.create({
    data: {
      orgId, alias: UNPRICED_DEMO_MODEL.alias, displayName: UNPRICED_DEMO_MODEL.displayName, tier: UNPRICED_DEMO_MODEL.tier,
      deployments: { create: [{ providerId: provider.id, upstreamModel: UNPRICED_DEMO_MODEL.upstreamModel }] },
    },
  });
}
