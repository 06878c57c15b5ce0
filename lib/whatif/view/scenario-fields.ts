// The What-if editor's fields (what its inputs hold: text, checkbox lists)
// and the one place they become the API's body. The range is picked as
// org-local calendar days (the dashboards' presets), inclusive, and sent as
// instants: from the start of the first day to the start of the day after
// the last, cut at the end of the current hour (traffic that has not
// happened yet is not in the ledger, and a local burst's machine would be
// paid for hours that have not come). An empty optional input is left out
// (the schema's default applies); anything else is sent as typed and the
// schema names what is wrong with it. No server imports: the form uses it.
import { TZDate } from "@date-fns/tz";
import { localDayOf } from "../io/local-day";
import type { ScenarioInput } from "../scenario-schema";

export type TargetKind = "model" | "cheapest";

export interface ScenarioRuleFields {
  name: string;
  match: {
    projectIds: string[];
    /** Comma- or space-separated. */
    requestedModels: string;
    tiers: string[];
    tags: string;
    endpoints: string[];
    /** "" (any) or a band edge. */
    minInputTokens: string;
    maxInputTokens: string;
  };
  sharePercent: string;
  target: { kind: TargetKind; model: string; suiteId: string; minPassRate: string; maxP95TtftMs: string };
  /** The suite quality is judged on, for a model target ("" = none: quality unmeasured). */
  suiteId: string;
}

export interface ScenarioFields {
  name: string;
  /** Org-local days, YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
  rules: ScenarioRuleFields[];
  adjustments: { tokenizerRatio: boolean; outputLengthRatio: boolean; carryCachedInput: boolean };
  localBurst: { enabled: boolean; localModel: string; capacityKind: "concurrent" | "rps"; capacity: string; hourlyCostUsd: string; cloudModel: string };
}

export function emptyScenarioRule(): ScenarioRuleFields {
  return {
    name: "",
    match: { projectIds: [], requestedModels: "", tiers: [], tags: "", endpoints: [], minInputTokens: "", maxInputTokens: "" },
    sharePercent: "50",
    target: { kind: "model", model: "", suiteId: "", minPassRate: "0.9", maxP95TtftMs: "2000" },
    suiteId: "",
  };
}

export function emptyScenario(range: { from: string; to: string }): ScenarioFields {
  return {
    name: "",
    from: range.from,
    to: range.to,
    rules: [emptyScenarioRule()],
    adjustments: { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false },
    localBurst: { enabled: false, localModel: "", capacityKind: "concurrent", capacity: "4", hourlyCostUsd: "", cloudModel: "" },
  };
}

const HOUR_MS = 3_600_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant an org-local day starts; null when the text is not a day (the schema then names the field). */
export function dayStart(day: string, timezone: string, addDays = 0): Date | null {
  const m = DAY_RE.exec(day.trim());
  if (!m) return null;
  const d = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays, timezone);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime());
}

/** The scenario's range as the API takes it: [start of `from`, start of the day after `to`), cut at the end of `now`'s hour. */
export function rangeOf(fields: Pick<ScenarioFields, "from" | "to">, timezone: string, now: Date): { from: string; to: string } {
  const from = dayStart(fields.from, timezone);
  const end = dayStart(fields.to, timezone, 1);
  const endOfHour = new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);
  const to = end && end > endOfHour ? endOfHour : end;
  return { from: from ? from.toISOString() : fields.from, to: to ? to.toISOString() : fields.to };
}

const words = (s: string) => s.split(/[,\s]+/).filter(Boolean);
/** A checkbox group registers one checked box as a string and none as false. */
export const checked = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v ? [v] : []);
const listOrOmit = <T>(values: T[]): T[] | undefined => (values.length ? values : undefined);
/** "" -> undefined; otherwise a number (NaN when it is not one, which the schema refuses by name). */
const num = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s.trim()));
const text = (s: string): string | undefined => (s.trim() === "" ? undefined : s.trim());
const omitUndefined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function ruleBody(r: ScenarioRuleFields): ScenarioInput["rules"][number] {
  const m = r.match;
  const match = omitUndefined({
    projectIds: listOrOmit(checked(m.projectIds)),
    requestedModels: listOrOmit(words(m.requestedModels)),
    tiers: listOrOmit(checked(m.tiers)) as ("premium" | "mid" | "economy")[] | undefined,
    tags: listOrOmit(words(m.tags)),
    endpoints: listOrOmit(checked(m.endpoints)) as ("chat.completions" | "responses" | "embeddings")[] | undefined,
    minInputTokens: num(m.minInputTokens),
    maxInputTokens: num(m.maxInputTokens),
  });
  const t = r.target;
  const target = t.kind === "model"
    ? { model: t.model }
    : { cheapestWhere: { suiteId: t.suiteId, minPassRate: Number(t.minPassRate.trim() === "" ? NaN : t.minPassRate), maxP95TtftMs: Number(t.maxP95TtftMs.trim() === "" ? NaN : t.maxP95TtftMs) } };
  return omitUndefined({
    name: text(r.name),
    match,
    sharePercent: r.sharePercent.trim() === "" ? NaN : Number(r.sharePercent),
    target,
    // A cheapestWhere rule is judged on the suite it chose by; a model target on the suite named, if any.
    suiteId: t.kind === "model" ? text(r.suiteId) : undefined,
  });
}

export function scenarioBody(fields: ScenarioFields, timezone: string, now: Date): ScenarioInput {
  const b = fields.localBurst;
  const capacity = num(b.capacity);
  return omitUndefined({
    name: fields.name,
    range: rangeOf(fields, timezone, now),
    rules: fields.rules.map(ruleBody),
    adjustments: { ...fields.adjustments },
    localBurst: b.enabled
      ? omitUndefined({
        localModel: b.localModel,
        capacityConcurrent: b.capacityKind === "concurrent" ? capacity ?? NaN : undefined,
        capacityRps: b.capacityKind === "rps" ? capacity ?? NaN : undefined,
        hourlyCostUsd: b.hourlyCostUsd.trim(),
        cloudModel: b.cloudModel,
      })
      : undefined,
  });
}

/** A stored range as the org-local days it covers, "2026-03-01 – 2026-03-30" (the end is exclusive: its last day is the one before it). */
export function rangeDaysText(range: { from: string; to: string }, timezone: string): string {
  const day = localDayOf(timezone);
  const from = day(new Date(range.from)), to = day(new Date(Date.parse(range.to) - 1));
  return from === to ? from : `${from} – ${to}`;
}
