// The budget holds across replicas: three proxy processes share one Redis
// and take 360 concurrent streaming and non-streaming requests on a key
// with a hard budget. Settled spend never exceeds the budget, every
// refusal happened when the reserved total really left no room, and the
// Redis counter equals the Postgres ledger at the end. Then the same under
// TOLLGATE_WEB_PROCESSES=2, with one of its web processes killed and replaced.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { periodWindow } from "../../lib/budgets/budget-period";
import { ledgerSpendNano } from "../../lib/budgets/ledger-spend";
import { createApiKey } from "../../lib/keys/create-api-key";
import { usdToNano } from "../../lib/money/nano-usd";
import { addBudget, counterSpentNano, waitFor } from "../support/budget-helpers";
import { freePort } from "../support/local-services";
import { listProcesses } from "../support/process-table";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { spawnEntry, type Spawned } from "../support/spawn-process";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

const cleanups: (() => Promise<unknown>)[] = [];
let f: ProxyFixture;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.budgetConcurrency });
  cleanups.push(f.close);
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function startWeb(port: number, env: Record<string, string> = {}): Spawned {
  return spawnEntry("scripts/start-web.ts", {
    DATABASE_URL: f.t.url, REDIS_URL: f.redisUrl, NEXTAUTH_SECRET: "x".repeat(32), TOLLGATE_ENCRYPTION_KEY: f.encryptionKey,
    TOLLGATE_SERVE_UI: "false", PORT: String(port), TOLLGATE_HOST: "127.0.0.1", ...env,
  });
}

describe("hard budget across three proxy processes", () => {
  it("never overspends, refuses only when there is no room, and ends with counters equal to the ledger", async () => {
    // ~20 tokens at 200 tokens/s: every answer takes ~100 ms, so hundreds overlap.
    f.upstream.set({ completionTokens: 20, tokensPerSecond: 200 });
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "shared" });
    const amount = "0.01";
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Shared cap", scope: "key", apiKeyId: key.id, period: "day", amountUsd: amount, mode: "hard" });

    const procs: { port: number; proc: Spawned }[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const proc = startWeb(port);
      cleanups.push(async () => {
        proc.child.kill("SIGTERM");
        await proc.exited;
      });
      procs.push({ port, proc });
    }
    await Promise.all(procs.map((p) => p.proc.waitFor(/web listening/)));

    const send = (i: number, proc = i % 3) => {
      const { port } = procs[proc]!;
      const stream = i % 2 === 0;
      // A prompt of varying size, so reservations differ from request to request.
      const content = `tell me about ${"budgets ".repeat(i % 7)}`;
      return fetch(`http://127.0.0.1:${port}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content }], max_tokens: 400, stream }),
      }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() }));
    };
    // Each request reserves ~$0.0008 (400 output tokens at $2/M) and settles ~$0.00004: 360 at once
    // overwhelm the budget's room for reservations, so admission has to get the race right.
    const burst = await Promise.all(Array.from({ length: 360 }, (_, i) => send(i)));
    // Then, at rest, keep going until the budget refuses: the last dollars are used up too. One process,
    // so each settle (sent on its Redis connection before the answer) is applied before the next admission.
    const trickle: typeof burst = [];
    for (let i = 0; i < 400; i++) {
      const r = await send(i, 0);
      trickle.push(r);
      if (r.status === 429) break;
    }
    const all = [...burst, ...trickle];
    const ok = all.filter((r) => r.status === 200);
    const refused = all.filter((r) => r.status === 429);
    expect(ok.length + refused.length).toBe(all.length);
    expect(refused.length).toBeGreaterThan(0);
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThan(10);
    expect(ok.filter((r) => r.body.includes("data: [DONE]")).length).toBeGreaterThan(0);

    // Every refusal: what admission saw left no room for that request's reservation.
    for (const r of refused) {
      expect(JSON.parse(r.body).error.code).toBe("budget_exceeded");
      const seen = ["spent", "reserved"].map((k) => usdToNano(r.headers.get(`x-tollgate-budget-${k}-usd`)!));
      const reserve = usdToNano(r.headers.get("x-tollgate-request-reserve-usd")!);
      expect(seen[0]! + seen[1]! + reserve).toBeGreaterThan(usdToNano(amount));
    }

    await f.waitForUsage(ok.length, 30_000);
    const window = periodWindow("day", "UTC", new Date());
    const ledger = await ledgerSpendNano(f.t.db, { orgId: f.orgId, scope: "key", projectId: null, apiKeyId: key.id, tag: null }, window.start, window.end);
    expect(ledger).toBeLessThanOrEqual(usdToNano(amount));
    // The last refusal came at rest, so the room left is less than one reservation.
    const last = refused.at(-1)!;
    expect(usdToNano(amount) - ledger).toBeLessThan(usdToNano(last.headers.get("x-tollgate-request-reserve-usd")!));
    await waitFor(async () => (await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).reserved === 0n, 5000, "reservations released");
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).toEqual({ spent: ledger, reserved: 0n });
    expect(await f.t.db.usageEvent.count({ where: { apiKeyId: key.id } })).toBe(ok.length);
  }, 120_000);
});

/** Pids of a supervisor's web processes (tsx's esbuild is a child too). */
function childPids(parent: number): number[] {
  return listProcesses().filter((p) => p.ppid === parent && p.cmd.includes("scripts/start-web.ts")).map((p) => p.pid);
}

/** One request on a connection of its own, so a killed process's kept-alive sockets are never reused. */
function chatOnNewConnection(port: number, secret: string, stream: boolean): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "cluster" }], max_tokens: 40, stream });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/api/v1/chat/completions", method: "POST", agent: false,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error("no answer in 10 s")));
    req.on("error", reject).end(payload);
  });
}

describe("TOLLGATE_WEB_PROCESSES=2: two web processes on one port", () => {
  it("share a hard budget, keep answering while a killed process is replaced, meter every answer and stop cleanly", async () => {
    f.upstream.set({ completionTokens: 10, tokensPerSecond: 0 });
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "cluster" });
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Cluster cap", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "5", mode: "hard" });
    const port = await freePort();
    const supervisor = startWeb(port, { TOLLGATE_WEB_PROCESSES: "2" });
    cleanups.push(async () => {
      supervisor.child.kill("SIGTERM");
      await supervisor.exited;
    });
    await supervisor.waitFor(/web processes listening/);
    const first = childPids(supervisor.child.pid!);
    expect(first).toHaveLength(2);

    const burst = async (n: number) => Promise.all(Array.from({ length: n }, (_, i) => chatOnNewConnection(port, key.secret, i % 2 === 0)));
    const before = await burst(40);
    expect(before.map((r) => r.status)).toEqual(Array(40).fill(200));

    // A web process dies at rest (its settles applied: a crash in the instant after an answer loses that
    // answer's settle: its reservation lapses, and the reconcile job raises the counter to the ledger).
    // The other one answers meanwhile, and the supervisor starts a replacement.
    await waitFor(async () => (await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).reserved === 0n, 5000, "settles applied");
    // At rest means its usage events have left it too (they go on another connection, and settles can land first).
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { apiKeyId: key.id } })) === 40, 30_000, "the first 40 usage rows");
    process.kill(first[0]!, "SIGKILL");
    const during = await burst(20);
    expect(during.map((r) => r.status)).toEqual(Array(20).fill(200));
    await supervisor.waitFor(/a web process exited; starting another/);
    await waitFor(async () => {
      const now = childPids(supervisor.child.pid!);
      return now.length === 2 && !now.includes(first[0]!);
    }, 15_000, "a replacement web process");
    const after = await burst(20);
    expect(after.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect([...before, ...during, ...after].filter((r) => r.body.includes("data: [DONE]")).length).toBe(40);

    // SIGTERM: each web process finishes its own graceful shutdown, then the supervisor exits 0.
    supervisor.child.kill("SIGTERM");
    expect(await supervisor.exited).toBe(0);
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { apiKeyId: key.id } })) === 80, 30_000, "80 usage rows");
    const window = periodWindow("day", "UTC", new Date());
    const ledger = await ledgerSpendNano(f.t.db, { orgId: f.orgId, scope: "key", projectId: null, apiKeyId: key.id, tag: null }, window.start, window.end);
    expect(ledger).toBeGreaterThan(0n);
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).toEqual({ spent: ledger, reserved: 0n });
  }, 120_000);
});
