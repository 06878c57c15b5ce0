// The benchmark suite API as a careless or hostile client meets it: bad
// YAML, unsupported or code-running assertions, invalid regexes and JSON
// schemas get a 422 naming the line or field, and nothing is half-saved.
// Starter suites install through the same path; export gives promptfoo YAML.
// Route handlers are called as Next calls them, with a real database.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectDb } from "../../lib/db";
import { generateSecret } from "../../lib/keys/generate-secret";
import { createLogger, setLogger } from "../../lib/log/logger";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let t: TestDatabase;
let orgId: string;
const tokens: Record<string, string> = {};
let routes: {
  suites: { GET: Handler; POST: Handler };
  importSuite: { POST: Handler };
  starters: { POST: Handler };
  suite: { PATCH: Handler };
  exportSuite: { GET: Handler };
  runs: { POST: Handler };
};

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_URL = inject("redisUrl");
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);
  orgId = (await t.db.org.create({ data: { name: "Bench Org", slug: "bench-org" } })).id;
  for (const role of ["owner", "engineer", "viewer", "finance"] as const) {
    const { secret, hashed, prefix } = generateSecret("tgm");
    await t.db.managementToken.create({ data: { orgId, name: role, role, hashedToken: hashed, prefix } });
    tokens[role] = secret;
  }
  routes = {
    suites: await import("../../app/api/manage/v1/benchmarks/suites/route"),
    importSuite: await import("../../app/api/manage/v1/benchmarks/suites/import/route"),
    starters: await import("../../app/api/manage/v1/benchmarks/suites/starters/route"),
    suite: await import("../../app/api/manage/v1/benchmarks/suites/[suiteId]/route"),
    exportSuite: await import("../../app/api/manage/v1/benchmarks/suites/[suiteId]/export/route"),
    runs: await import("../../app/api/manage/v1/benchmarks/runs/route"),
  };
});

afterAll(async () => {
  await disconnectDb();
  await t.drop();
});

function call(handler: Handler, path: string, init: { body?: unknown; method?: string; role?: string; params?: Record<string, string> } = {}) {
  const req = new NextRequest(`http://localhost:3000/api/manage/v1${path}`, {
    method: init.method ?? "POST",
    headers: { authorization: `Bearer ${tokens[init.role ?? "engineer"]}`, "content-type": "application/json", host: "localhost:3000" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return handler(req, { params: Promise.resolve(init.params ?? {}) });
}

async function refused(res: Response) {
  expect(res.status).toBe(422);
  return ((await res.json()) as { error: { code: string; message: string; details: { field: string; message: string; line?: number }[] } }).error;
}

const suiteCount = () => t.db.benchmarkSuite.count({ where: { orgId } });

const goodYaml = `description: Capitals
prompts:
  - "What is the capital of {{country}}? Answer in one word."
tests:
  - vars: { country: France }
    assert:
      - type: icontains
        value: paris
  - vars: { country: Italy }
    assert:
      - type: icontains
        value: rome
`;

describe("benchmark suite API", () => {
  it("refuses a javascript assertion with its line, and saves nothing", async () => {
    const before = await suiteCount();
    const yaml = `${goodYaml}  - vars: { country: Spain }\n    assert:\n      - type: javascript\n        value: output.length > 0\n`;
    const error = await refused(await call(routes.importSuite.POST, "/benchmarks/suites/import", { body: { yaml } }));
    expect(error.message).toMatch(/line 15/);
    expect(error.message).toMatch(/javascript/);
    expect(await suiteCount()).toBe(before);
  });

  it("refuses YAML that does not parse, naming the line", async () => {
    const error = await refused(await call(routes.importSuite.POST, "/benchmarks/suites/import", { body: { yaml: "prompts:\n  - ok\ntests: [\n  - vars: {a: 1\n" } }));
    expect(error.details[0]!.line).toBeGreaterThan(0);
  });

  it("refuses an unknown check type, an invalid regex and an invalid JSON schema, naming the field", async () => {
    const before = await suiteCount();
    const base = { id: "c1", messages: [{ role: "user", content: "hi" }] };
    const unknown = await refused(await call(routes.suites.POST, "/benchmarks/suites", { body: { name: "x1", definition: { cases: [{ ...base, checks: [{ type: "python", value: "1" }] }] } } }));
    expect(unknown.details[0]!.field).toBe("definition.cases.0.checks.0.type");
    const regex = await refused(await call(routes.suites.POST, "/benchmarks/suites", { body: { name: "x2", definition: { cases: [{ ...base, checks: [{ type: "regex", value: "(a" }] }] } } }));
    expect(regex.details[0]!.field).toMatch(/^definition\.cases\.0\.checks\.0/);
    const backtracking = await refused(await call(routes.suites.POST, "/benchmarks/suites", { body: { name: "x3", definition: { cases: [{ ...base, checks: [{ type: "regex", value: "(a)\\1" }] }] } } }));
    expect(backtracking.details[0]!.field).toMatch(/^definition\.cases\.0\.checks\.0/);
    const schema = await refused(await call(routes.suites.POST, "/benchmarks/suites", { body: { name: "x4", definition: { cases: [{ ...base, checks: [{ type: "contains-json", value: { type: "nonsense" } }] }] } } }));
    expect(schema.details[0]!.field).toMatch(/^definition\.cases\.0\.checks\.0/);
    expect(await suiteCount()).toBe(before);
  });

  it("imports good YAML (engineer), refuses it for viewers and finance, exports it back", async () => {
    for (const role of ["viewer", "finance"]) expect((await call(routes.importSuite.POST, "/benchmarks/suites/import", { role, body: { yaml: goodYaml } })).status).toBe(403);
    const res = await call(routes.importSuite.POST, "/benchmarks/suites/import", { body: { yaml: goodYaml } });
    expect(res.status).toBe(201);
    const suite = ((await res.json()) as { data: { id: string; name: string; caseCount: number } }).data;
    expect(suite).toMatchObject({ name: "Capitals", caseCount: 2 });
    const exported = await call(routes.exportSuite.GET, `/benchmarks/suites/${suite.id}/export`, { method: "GET", role: "viewer", params: { suiteId: suite.id } });
    expect(exported.headers.get("content-type")).toMatch(/yaml/);
    const text = await exported.text();
    expect(text).toMatch(/icontains/);
    // A bad edit leaves the suite as it was.
    const bad = await refused(await call(routes.suite.PATCH, `/benchmarks/suites/${suite.id}`, { method: "PATCH", params: { suiteId: suite.id }, body: { yaml: "prompts: [x]\ntests:\n  - assert:\n      - type: webhook\n        value: http://evil\n" } }));
    expect(bad.message).toMatch(/webhook/);
    expect((await t.db.benchmarkSuite.findUniqueOrThrow({ where: { id: suite.id } })).caseCount).toBe(2);
  });

  it("installs the starter suites idempotently, each with at least 20 cases", async () => {
    const first = await call(routes.starters.POST, "/benchmarks/suites/starters");
    expect(first.status).toBe(201);
    await call(routes.starters.POST, "/benchmarks/suites/starters");
    const starters = await t.db.benchmarkSuite.findMany({ where: { orgId, starterKey: { not: null } } });
    expect(starters).toHaveLength(6);
    expect(starters.every((s) => s.caseCount >= 20)).toBe(true);
  });

  it("refuses a run against a model that is not in the catalog with 422 naming it", async () => {
    const suite = await t.db.benchmarkSuite.findFirstOrThrow({ where: { orgId } });
    const error = await refused(await call(routes.runs.POST, "/benchmarks/runs", { body: { suiteId: suite.id, models: ["ghost"] } }));
    expect(error.details[0]).toMatchObject({ field: "models.0" });
    const huge = await call(routes.runs.POST, "/benchmarks/runs", { body: { suiteId: suite.id, models: ["ghost"], config: { repeats: 1e300, costCapUsd: "1e300" } } });
    expect(huge.status).toBe(422);
  });
});
