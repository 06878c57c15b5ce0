// The dashboard filters: a plain GET form, so every view is a shareable URL
// and works from the keyboard without script. The date-range presets are
// links to the same view with only `from` and `to` changed; so is a custom
// range picked on the calendar (the From and To inputs stay, the fallback).
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { viewHref } from "@/lib/dashboard/calendar-range";
import { MAX_RANGE_DAYS, TIERS, type DashboardScope } from "@/lib/dashboard/dashboard-scope";
import { dateRangePresets } from "@/lib/dashboard/date-range-presets";
import { DateRangeCalendar } from "./date-range-calendar";

export function DashboardFilters(props: {
  action: string;
  scope: Pick<DashboardScope, "from" | "to" | "filter" | "timezone">;
  projects?: { id: string; name: string }[];
  models: string[];
  tags?: string[];
  /** Extra fixed params (e.g. the model on the model page). */
  fixed?: Record<string, string>;
}) {
  const f = props.scope.filter;
  const keep = { project: f.project, tier: f.tier, model: f.model, tag: f.tag, ...props.fixed };
  const presets = dateRangePresets(new Date(), props.scope.timezone);
  return (
    <form method="get" action={props.action} className="filters card" aria-label="Filters">
      {Object.entries(props.fixed ?? {}).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      <nav aria-label="Date range presets" className="flex basis-full flex-wrap items-center gap-1.5">
        {presets.map((p) => {
          const active = p.from === props.scope.from && p.to === props.scope.to;
          return (
            <Link key={p.id} href={viewHref(props.action, { ...keep, from: p.from, to: p.to })} aria-current={active ? "true" : undefined}
              className={buttonVariants({ variant: active ? "default" : "outline", size: "sm", className: "no-underline" })}>
              {p.label}
            </Link>
          );
        })}
        <DateRangeCalendar action={props.action} keep={keep} from={props.scope.from} to={props.scope.to} today={presets.find((p) => p.id === "today")!.to} maxDays={MAX_RANGE_DAYS} timezone={props.scope.timezone} />
      </nav>
      <div><label htmlFor="f-from">From</label><input id="f-from" type="date" name="from" defaultValue={props.scope.from} /></div>
      <div><label htmlFor="f-to">To</label><input id="f-to" type="date" name="to" defaultValue={props.scope.to} /></div>
      {props.projects && (
        <div><label htmlFor="f-project">Project</label>
          <select id="f-project" name="project" defaultValue={f.project ?? ""}>
            <option value="">All projects</option>
            {props.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </div>
      )}
      <div><label htmlFor="f-tier">Tier</label>
        <select id="f-tier" name="tier" defaultValue={f.tier ?? ""}>
          <option value="">All tiers</option>
          {TIERS.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </div>
      {!props.fixed?.model && (
        <div><label htmlFor="f-model">Model</label>
          <select id="f-model" name="model" defaultValue={f.model ?? ""}>
            <option value="">All models</option>
            {[...new Set([...props.models, ...(f.model ? [f.model] : [])])].sort().map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </div>
      )}
      {props.tags && (
        <div><label htmlFor="f-tag">Tag</label>
          <input id="f-tag" name="tag" list="f-tag-options" defaultValue={f.tag ?? ""} placeholder="any tag" />
          <datalist id="f-tag-options">{props.tags.map((t) => <option key={t} value={t} />)}</datalist>
        </div>
      )}
      <div><button type="submit">Apply</button> <Link href={props.fixed?.model ? `${props.action}?model=${encodeURIComponent(props.fixed.model)}` : props.action}>Reset</Link></div>
      <p className="muted" style={{ flexBasis: "100%", margin: 0 }}>Days in {props.scope.timezone}.</p>
    </form>
  );
}
