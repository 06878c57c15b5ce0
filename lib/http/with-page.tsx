// The one guard every signed-in page goes through: no principal -> sign-in
// page; wrong role -> a plain "not allowed" view (never the data).
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Principal, Role } from "../auth/principal";
import { currentPrincipal } from "../auth/current-principal";
import { safeCallbackPath } from "../auth/safe-callback-path";
import { AppError } from "./app-error";

export interface PageProps {
  principal: Principal;
  searchParams: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
}

export function withPage(roles: readonly Role[], page: (props: PageProps) => Promise<React.ReactNode>) {
  return async function GuardedPage(props: { params?: Promise<Record<string, string>>; searchParams?: Promise<Record<string, string | string[] | undefined>> }) {
    // Pages authenticate by session only; management tokens are for the API.
    // A session that cannot be checked (Redis unreachable) is no session: to sign-in, which says why.
    const principal = await currentPrincipal().catch((error: unknown) => {
      if (error instanceof AppError && error.code === "unavailable") return "unavailable" as const;
      throw error;
    });
    if (principal === "unavailable") {
      const path = safeCallbackPath((await headers()).get("x-tollgate-path"));
      redirect(`/signin?callbackUrl=${encodeURIComponent(path)}&error=Unavailable`);
    }
    if (!principal) {
      // Set by the web server (lib/web/create-web-server.ts); only same-origin paths are used.
      const path = safeCallbackPath((await headers()).get("x-tollgate-path"));
      redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
    }
    if (!roles.includes(principal.role)) {
      return <p role="alert">Your role ({principal.role}) cannot open this page.</p>;
    }
    return page({ principal, searchParams: (await props.searchParams) ?? {}, params: (await props.params) ?? {} });
  };
}
