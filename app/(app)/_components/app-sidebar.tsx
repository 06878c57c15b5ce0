// The app's navigation, grouped by what people come to do. Only pages that
// exist are listed; admin-only pages only for admins.
import { Activity, BarChart3, Bell, Calculator, FlaskConical, FolderKanban, Gauge, KeyRound, ListOrdered, Plug, Route, ScrollText, ShieldCheck, Tags, Users, Wallet } from "lucide-react";
import { countUnreadAlerts } from "@/lib/alerts/list-alerts";
import { ORG_ADMINS, type Principal } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { listProjects } from "@/lib/projects/list-projects";
import { NavLink } from "./nav-link";
import { ProjectSwitcher } from "./project-switcher";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle, type ThemeChoice } from "./theme-toggle";

interface NavItem { href: string; label: string; icon: React.ComponentType<{ "aria-hidden"?: boolean }>; exact?: boolean; adminsOnly?: boolean; badge?: number }

export async function AppSidebar({ principal, name, theme }: { principal: Principal; name: string; theme: ThemeChoice }) {
  const db = getDb();
  const [projects, unread] = await Promise.all([listProjects(db, principal), countUnreadAlerts(db, principal)]);
  const groups: { title: string; items: NavItem[] }[] = [
    { title: "Spend", items: [
      { href: "/", label: "Overview", icon: BarChart3, exact: true },
      { href: "/projects", label: "Projects", icon: FolderKanban },
      { href: "/requests", label: "Requests", icon: ListOrdered },
    ] },
    { title: "Control", items: [
      { href: "/budgets", label: "Budgets", icon: Wallet },
      { href: "/limits", label: "Rate limits", icon: Gauge },
      { href: "/routing", label: "Routing", icon: Route },
      { href: "/alerts", label: "Alerts", icon: Bell, badge: unread },
    ] },
    { title: "Optimise", items: [
      // Every role reads scenarios (lib/whatif/io/scenario-access.ts narrows which).
      { href: "/whatif", label: "What-if", icon: Calculator },
      { href: "/benchmarks", label: "Benchmarks", icon: FlaskConical },
    ] },
    { title: "Settings", items: [
      { href: "/keys", label: "API keys", icon: KeyRound },
      { href: "/providers", label: "Providers", icon: Plug },
      { href: "/models", label: "Models and prices", icon: Tags, exact: true },
      { href: "/access", label: "Members and tokens", icon: Users, adminsOnly: true },
      { href: "/audit", label: "Audit log", icon: ScrollText, adminsOnly: true },
      { href: "/ingest", label: "Ingest", icon: Activity, adminsOnly: true },
    ] },
  ];
  const isAdmin = ORG_ADMINS.includes(principal.role);
  return (
    // The outer column carries the background and border down the whole page; the menu inside stays in view (sticky).
    <div className="w-full shrink-0 border-b border-border bg-card md:w-60 md:border-b-0 md:border-r">
    <aside className="flex flex-col gap-4 p-3 md:sticky md:top-0 md:h-screen md:overflow-y-auto">
      <div className="flex items-center gap-2 px-2 pt-1 text-base font-bold">
        <ShieldCheck aria-hidden className="size-5 text-primary" /> Tollgate
      </div>
      <ProjectSwitcher projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
      <nav aria-label="Main" className="flex flex-col gap-3">
        {groups.map((g) => (
          <div key={g.title}>
            <p className="mb-1 px-2 text-[11px] font-semibold uppercase tracking-wider text-muted-foreground">{g.title}</p>
            <ul className="flex flex-col gap-0.5">
              {g.items.filter((i) => !i.adminsOnly || isAdmin).map((i) => (
                <li key={i.href}>
                  <NavLink href={i.href} exact={i.exact}>
                    <i.icon aria-hidden />
                    <span className="flex-1">{i.label}</span>
                    {i.badge ? <span className="rounded-full bg-destructive px-1.5 text-xs text-destructive-foreground" data-testid="unread-alerts" aria-label={`${i.badge} unread`}>{i.badge}</span> : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="mt-auto flex flex-col gap-2 border-t border-border pt-3">
        <div className="px-2">
          <p className="truncate font-medium" title={principal.email ?? undefined}>{name}</p>
          <p className="text-xs text-muted-foreground">{principal.email} · <span data-testid="current-role">{principal.role}</span></p>
        </div>
        <div className="flex items-center justify-between gap-2">
          <ThemeToggle initial={theme} />
          <SignOutButton />
        </div>
      </div>
    </aside>
    </div>
  );
}
