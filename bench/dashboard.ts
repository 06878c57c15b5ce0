// npm run bench:dashboard: every API the dashboards call, over HTTP against
// the real web server, on the large data set (npm run seed:large; seeded
// here first if missing). Sequential requests, p50/p95 per API over
// BENCH_SAMPLES calls after a warm-up. Target: p95 <= 150 ms each,
// request log first and deep pages included. Baseline in the same run: the
// overview's totals and by-project table computed from the raw rows (what
// the rollups replace), and GET /api/health (the HTTP floor).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createDbClient } from "../lib/db/create-db-client";
import { LARGE_ORG_SLUG } from "../lib/demo/seed-large-usage";
import { buildProcessBundle } from "../lib/runtime/build-process-bundle";
import { needsBuild } from "../lib/runtime/needs-build";
import { createManagementToken } from "../lib/tokens/create-management-token";
import { freePort, startRedis } from "../tests/support/local-services";
import { openLargeDatabase, seedLarge } from "./support/large-data";
import { describeMachine, median } from "./support/machine";
import { reportBenchmark } from "./support/record-result";
import { startProcess } from "./support/start-process";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const TARGET_MS = 150;
const root = path.resolve(import.meta.dirname, "..");

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timeCalls(name: string, call: () => Promise<unknown>, samples = SAMPLES) {
  for (let i = 0; i < 3; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  return { name, p50: Math.round(median(ms) * 10) / 10, p95: Math.round(percentile(ms, 95) * 10) / 10 };
}

async function main() {
  console.log(`bench:dashboard on ${describeMachine()}`);
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const database = await openLargeDatabase();
    cleanups.push(database.stop);
    const seeded = await seedLarge(database.url);
    if (seeded.created) console.log(`seeded ${seeded.inserted} events in ${seeded.seconds} s`);
    const db = createDbClient(database.url, { poolSize: 2 });
    cleanups.push(() => db.$disconnect());
    const org = await db.org.findUniqueOrThrow({ where: { slug: LARGE_ORG_SLUG }, select: { id: true } });
    const [counts] = await db.$queryRaw<{ events: bigint; daily: bigint; hourly: bigint; first: Date; last: Date; projects: bigint; models: bigint }[]>`
      SELECT (SELECT count(*) FROM usage_event WHERE org_id = ${org.id}) AS events, (SELECT count(*) FROM usage_rollup_daily WHERE org_id = ${org.id}) AS daily,
        (SELECT count(*) FROM usage_rollup_hourly WHERE org_id = ${org.id}) AS hourly, (SELECT min(occurred_at) FROM usage_event) AS first, (SELECT max(occurred_at) FROM usage_event) AS last,
        (SELECT count(DISTINCT project_id) FROM usage_rollup_daily WHERE org_id = ${org.id}) AS projects, (SELECT count(DISTINCT model) FROM usage_rollup_daily WHERE org_id = ${org.id}) AS models`;
    // Tokens are minted by a signed-in member: the bench's own owner (no password that can sign in).
    const email = "bench-owner@large.invalid";
    const user = await db.user.upsert({ where: { email }, create: { email, name: "Bench owner", passwordHash: "!" }, update: {}, select: { id: true } });
    await db.membership.upsert({ where: { orgId_userId: { orgId: org.id, userId: user.id } }, create: { orgId: org.id, userId: user.id, role: "owner" }, update: { role: "owner" } });
    const owner = { kind: "user" as const, actor: email, userId: user.id, email, orgId: org.id, role: "owner" as const };
    const { token } = await createManagementToken(db, owner, { name: `bench ${Date.now()}`, role: "finance" });

    const redis = await startRedis();
    cleanups.push(redis.stop);
    if (await needsBuild(root)) {
      console.log("building the web app (next build)…");
      if (spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit" }).status !== 0) throw new Error("next build failed");
    }
    const port = await freePort();
    const web = await startProcess("tollgate web", [await buildProcessBundle(root, "web")], {
      PORT: String(port), TOLLGATE_HOST: "127.0.0.1", DATABASE_URL: database.url, REDIS_URL: redis.url, NODE_ENV: "production",
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"), NEXTAUTH_URL: `http://127.0.0.1:${port}`, TOLLGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64"), TOLLGATE_LOG_LEVEL: "info",
    }, /web listening/);
    cleanups.push(web.stop);

    const base = `http://127.0.0.1:${port}`;
    const get = async (url: string) => {
      const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    const json = async (url: string) => JSON.parse(await get(url)).data;

    // Ids and filters the UI would use, picked from the data.
    const overview = await json("/api/manage/v1/spend/overview");
    const bigProject = overview.byProject[0].id as string;
    const topModel = overview.byModel[0].id as string;
    const topTag = overview.byTag[0].id as string;
    // A deep page: 100 pages of 50 into the request log.
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) cursor = (await json(`/api/manage/v1/usage/events?limit=50${cursor ? `&cursor=${cursor}` : ""}`)).nextCursor;
    const deepCursor = cursor!;
    const monthAgo = new Date(Date.now() - 30 * 86400_000);
    const oneEvent = (await json("/api/manage/v1/usage/events?limit=1")).events[0].id as string;

    const apis: [string, string][] = [
      ["overview, last 30 days (default)", "/api/manage/v1/spend/overview"],
      ["overview, 90 days", `/api/manage/v1/spend/overview?from=${new Date(Date.now() - 89 * 86400_000).toISOString().slice(0, 10)}`],
      ["overview, one project (project page)", `/api/manage/v1/spend/overview?project=${bigProject}`],
      ["overview, one tag", `/api/manage/v1/spend/overview?tag=${encodeURIComponent(topTag)}`],
      ["overview, tier + model", `/api/manage/v1/spend/overview?tier=${overview.byTier[0].id}&model=${encodeURIComponent(topModel)}`],
      ["model page", `/api/manage/v1/spend/model?model=${encodeURIComponent(topModel)}`],
      ["budgets with status and forecast", "/api/manage/v1/budgets"],
      ["anomaly alerts", "/api/manage/v1/alerts?kind=anomaly&limit=5"],
      ["projects", "/api/manage/v1/projects"],
      ["project keys", `/api/manage/v1/projects/${bigProject}/keys`],
      ["project members", `/api/manage/v1/projects/${bigProject}/members`],
      ["request log, first page", "/api/manage/v1/usage/events?limit=50"],
      ["request log, page 101 (cursor)", `/api/manage/v1/usage/events?limit=50&cursor=${deepCursor}`],
      ["request log, 30 days back", `/api/manage/v1/usage/events?limit=50&to=${monthAgo.toISOString()}&from=${new Date(monthAgo.getTime() - 86400_000).toISOString()}`],
      ["request log, filtered by model", `/api/manage/v1/usage/events?limit=50&model=${encodeURIComponent(topModel)}`],
      ["request log, filtered by project + status", `/api/manage/v1/usage/events?limit=50&projectId=${bigProject}&status=upstream_error`],
      ["request detail", `/api/manage/v1/usage/events/${oneEvent}`],
    ];
    const results = [];
    for (const [name, url] of apis) {
      const r = await timeCalls(name, () => get(url));
      results.push({ ...r, url: url.replace(/cursor=[^&]+/, "cursor=…"), meets: r.p95 <= TARGET_MS });
      console.log(`${name}: p50 ${r.p50} ms, p95 ${r.p95} ms`);
    }

    const health = await timeCalls("GET /api/health (HTTP floor)", () => fetch(`${base}/api/health`).then((r) => r.text()));
    const rawBaseline = await timeCalls("baseline: 30-day totals + by project from raw rows", () => db.$queryRaw`
      SELECT project_id, sum(cost_usd), count(*) FROM usage_event WHERE org_id = ${org.id} AND occurred_at >= ${new Date(Date.now() - 30 * 86400_000)} GROUP BY project_id`, 3);
    const focus = await timeCalls("FOCUS export, one month (not a dashboard API; no target)", () => get(`/api/manage/v1/exports/focus?from=${new Date(Date.now() - 29 * 86400_000).toISOString().slice(0, 10)}`), 3);

    const date = new Date().toISOString();
    const lines = [
      `Run ${date} on ${describeMachine()}.`,
      `Data: ${counts!.events.toLocaleString("en-US")} usage events from ${counts!.first.toISOString().slice(0, 10)} to ${counts!.last.toISOString().slice(0, 10)}, ${counts!.projects} projects, ${counts!.models} models; ${counts!.hourly.toLocaleString("en-US")} hourly and ${counts!.daily.toLocaleString("en-US")} daily rollup rows.`,
      `Each API called ${SAMPLES} times in sequence over HTTP (the real web server, a finance management token, local Postgres with default settings) after 3 warm-up calls.`,
      "",
      "| API | p50 ms | p95 ms | p95 <= 150 ms |",
      "|---|---:|---:|---|",
      ...results.map((r) => `| ${r.name} | ${r.p50} | ${r.p95} | ${r.meets ? "yes" : "**no**"} |`),
      `| ${health.name} | ${health.p50} | ${health.p95} | |`,
      `| ${rawBaseline.name} (3 runs) | ${rawBaseline.p50} | ${rawBaseline.p95} | |`,
      `| ${focus.name} (3 runs) | ${focus.p50} | ${focus.p95} | |`,
      "",
      `Default overview against the raw-row baseline: ${Math.round((rawBaseline.p50 / results[0]!.p50) * 10) / 10}x faster at the median.`,
    ];
    await reportBenchmark(`bench:dashboard, ${date.slice(0, 10)}`, lines, {
      bench: "dashboard", date, machine: describeMachine(), events: Number(counts!.events), samples: SAMPLES,
      apis: results.map(({ name, p50, p95, meets }) => ({ name, p50, p95, meets })), healthP50: health.p50, rawBaselineP50: rawBaseline.p50, focusMonthP50: focus.p50,
      allMeetTarget: results.every((r) => r.meets),
    });
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

await main();
