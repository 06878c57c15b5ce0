// The statistics' range (the dashboards' presets and org-local days) and
// project: a plain GET form, so every view is a shareable URL.
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { dateRangePresets } from "@/lib/dashboard/date-range-presets";

const href = (params: Record<string, string | undefined>) => {
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return `/routing${query ? `?${query}` : ""}#statistics`;
};

export function StatsRangeFilter({ from, to, timezone, project, projects }: { from: string; to: string; timezone: string; project?: string; projects: { id: string; name: string }[] }) {
  return (
    <form method="get" action="/routing#statistics" className="filters" aria-label="Statistics range">
      <nav aria-label="Date range presets" className="flex basis-full flex-wrap items-center gap-1.5">
        {dateRangePresets(new Date(), timezone).map((p) => {
          const active = p.from === from && p.to === to;
          return (
            <Link key={p.id} href={href({ project, from: p.from, to: p.to })} aria-current={active ? "true" : undefined}
              className={buttonVariants({ variant: active ? "default" : "outline", size: "sm", className: "no-underline" })}>
              {p.label}
            </Link>
          );
        })}
      </nav>
      <div><label htmlFor="rs-from">From</label><input id="rs-from" type="date" name="from" defaultValue={from} /></div>
      <div><label htmlFor="rs-to">To</label><input id="rs-to" type="date" name="to" defaultValue={to} /></div>
      <div><label htmlFor="rs-project">Project</label>
        <select id="rs-project" name="project" defaultValue={project ?? ""}>
          <option value="">All projects</option>
          {projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      <div><button type="submit">Apply</button> <Link href="/routing#statistics">Reset</Link></div>
      <p className="muted m-0 basis-full">Days in {timezone}.</p>
    </form>
  );
}
