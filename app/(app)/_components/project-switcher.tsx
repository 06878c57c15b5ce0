"use client";

// Jumps to a project's page; the list holds only the projects this person may see.
import { usePathname, useRouter } from "next/navigation";

export function ProjectSwitcher({ projects }: { projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const current = /^\/projects\/([^/]+)/.exec(pathname)?.[1] ?? "";
  return (
    <div>
      <label htmlFor="project-switcher" className="mb-1 block text-xs text-muted-foreground">Go to project</label>
      <select
        id="project-switcher"
        className="w-full"
        value={current}
        onChange={(e) => router.push(e.target.value ? `/projects/${e.target.value}` : "/")}
      >
        <option value="">All projects</option>
        {projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
    </div>
  );
}
