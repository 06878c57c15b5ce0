"use client";

// A sidebar link that shows (and tells assistive tech) which page is open.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/ui/cn";

export function NavLink({ href, children, exact = false }: { href: string; children: React.ReactNode; exact?: boolean }) {
  const pathname = usePathname();
  const path = href.split("#")[0]!;
  const active = exact ? pathname === path : pathname === path || pathname.startsWith(`${path}/`);
  return (
    <Link
      href={href}
      // Every page is dynamic: prefetching each of them on every view would render them all.
      prefetch={false}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2 rounded-md px-2 py-1.5 text-foreground no-underline hover:bg-subtle hover:no-underline [&_svg]:size-4 [&_svg]:text-muted-foreground",
        active && "bg-primary-soft font-medium text-primary [&_svg]:text-primary",
      )}
    >
      {children}
    </Link>
  );
}
