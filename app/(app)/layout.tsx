import { cookies } from "next/headers";
import { Toaster } from "@/components/ui/toaster";
import { currentPrincipal } from "@/lib/auth/current-principal";
import { getDb } from "@/lib/db";
import { AppSidebar } from "./_components/app-sidebar";
import type { ThemeChoice } from "./_components/theme-toggle";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // The page guard (withPage) sends signed-out visitors to sign-in; the shell needs the person only to render.
  const principal = await currentPrincipal().catch(() => null);
  const theme = themeChoice((await cookies()).get("tollgate-theme")?.value);
  const user = principal?.userId ? await getDb().user.findUnique({ where: { id: principal.userId }, select: { name: true } }) : null;
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      {principal && <AppSidebar principal={principal} name={user?.name || principal.email || "Signed in"} theme={theme} />}
      <div className="min-w-0 flex-1">
        <main className="mx-auto max-w-[1400px] p-6">{children}</main>
      </div>
      <Toaster />
    </div>
  );
}

function themeChoice(value: string | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}
