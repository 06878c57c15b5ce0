import { describe, expect, it } from "vitest";
import { runConfigSchema } from "../run-config";
import { formatInTimezone, nextCronRuns } from "./next-cron-runs";
import { DEFAULT_RUN_OPTIONS, describeRunConfig, fieldsFromRunConfig, runConfigFromFields } from "./run-options-fields";
import { describeYamlIssue, splitYamlIssues, yamlIssuesFrom } from "./yaml-issues";

describe("run options form", () => {
  it("turns the defaults into a config the API accepts", () => {
    const parsed = runConfigSchema.parse(runConfigFromFields(DEFAULT_RUN_OPTIONS));
    expect(parsed).toMatchObject({ profile: { kind: "sequential" }, repeats: 1, warmupRequests: 1, maxDurationSec: 1800, costCapUsd: "1.00", maxTokens: 256, stream: true, objectives: {} });
  });
  it("sends the chosen profile's parameters and objectives only", () => {
    const body = runConfigFromFields({ ...DEFAULT_RUN_OPTIONS, profile: "poisson", ratePerSec: "2.5", maxInFlight: "", concurrency: "9", ttftMs: "300" });
    expect(body.profile).toEqual({ kind: "poisson", ratePerSec: 2.5 });
    expect(body.objectives).toEqual({ ttftMs: 300 });
    expect(runConfigFromFields({ ...DEFAULT_RUN_OPTIONS, profile: "concurrency", concurrency: "8" }).profile).toEqual({ kind: "concurrency", concurrency: 8 });
  });
  it("leaves what the API must refuse for the API's schema to name", () => {
    const result = runConfigSchema.safeParse(runConfigFromFields({ ...DEFAULT_RUN_OPTIONS, profile: "concurrency", concurrency: "lots", costCapUsd: "0" }));
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join("."));
    expect(paths).toContain("profile.concurrency");
    expect(paths).toContain("costCapUsd");
  });
  it("reads a stored config back into the form, and describes it", () => {
    const stored = runConfigSchema.parse({ profile: { kind: "constant-rate", ratePerSec: 3 }, repeats: 2, costCapUsd: "0.50" });
    const fields = fieldsFromRunConfig(stored);
    expect(fields).toMatchObject({ profile: "constant-rate", ratePerSec: "3", maxInFlight: "256", repeats: "2", costCapUsd: "0.50" });
    expect(runConfigSchema.parse(runConfigFromFields(fields))).toEqual(stored);
    expect(describeRunConfig(stored)).toBe("constant-rate 3/s · 2 repeats · warm-up 1 · cap $0.50 · max 1800 s");
    expect(fieldsFromRunConfig("junk")).toEqual(DEFAULT_RUN_OPTIONS);
  });
});

describe("yamlIssuesFrom", () => {
  it("lists the API's issues by line", () => {
    const issues = yamlIssuesFrom([
      { field: "yaml (line 9)", message: "assertion type \"javascript\" is not supported", line: 9, path: "tests[1].assert[0].type" },
      { field: "yaml (line 3)", message: "bad", line: 3, path: "prompts[0]" },
      { field: "name", message: "required" },
    ], "first");
    expect(issues.map(describeYamlIssue)).toEqual(["Line 3, prompts[0]: bad", "Line 9, tests[1].assert[0].type: assertion type \"javascript\" is not supported", "name: required"]);
  });
  it("falls back to the message when there are no details", () => {
    expect(yamlIssuesFrom(undefined, "Request failed (500)")).toEqual([{ line: null, path: null, message: "Request failed (500)" }]);
    expect(yamlIssuesFrom([{ nonsense: true }], null)).toEqual([]);
  });
});

describe("splitYamlIssues", () => {
  it("puts the YAML's lines under the YAML and the rest beside the form", () => {
    const split = splitYamlIssues([{ field: "yaml (line 4)", message: "bad", line: 4, path: "tests[0]" }, { field: "name", message: "too long" }], "yaml (line 4): bad");
    expect(split.yaml.map(describeYamlIssue)).toEqual(["Line 4, tests[0]: bad"]);
    expect(split.other).toBe("name: too long");
  });
  it("gives the API's message when nothing concerns the YAML", () => {
    expect(splitYamlIssues([{ field: "name", message: "required" }], "name: required")).toEqual({ yaml: [], other: "name: required" });
    expect(splitYamlIssues(null, "Your role (viewer) cannot do this")).toEqual({ yaml: [], other: "Your role (viewer) cannot do this" });
  });
});

describe("nextCronRuns", () => {
  const from = new Date("2026-12-02T08:30:00Z");
  it("gives the next fire times in the schedule's timezone", () => {
    const preview = nextCronRuns("0 9 * * *", "Europe/Paris", 2, from);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    // 09:00 in Paris (UTC+1 in December) is 08:00 UTC: the next one is tomorrow.
    expect(preview.next.map((d) => d.toISOString())).toEqual(["2026-12-03T08:00:00.000Z", "2026-12-04T08:00:00.000Z"]);
    expect(formatInTimezone(preview.next[0]!, "Europe/Paris")).toBe("2026-12-03 09:00");
  });
  it("says what is wrong with a bad expression", () => {
    expect(nextCronRuns("* * *", "UTC")).toMatchObject({ ok: false, message: expect.stringMatching(/five fields/) });
    expect(nextCronRuns("99 * * * *", "UTC").ok).toBe(false);
  });
});
