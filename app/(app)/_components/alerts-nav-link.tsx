import Link from "next/link";
import { countUnreadAlerts } from "@/lib/alerts/list-alerts";
import { resolvePrincipal } from "@/lib/auth/resolve-principal";
import { getDb } from "@/lib/db";

/** The Alerts nav link with the number of unread alerts (for the signed-in user's org). */
export async function AlertsNavLink() {
  // A session that cannot be checked right now (Redis unreachable) shows no count; the page itself goes to sign-in.
  const principal = await resolvePrincipal(null).catch(() => null);
  const unread = principal ? await countUnreadAlerts(getDb(), principal) : 0;
  return (
    <Link href="/alerts">
      Alerts{unread > 0 && <span className="badge" data-testid="unread-alerts" aria-label={`${unread} unread`}>{unread}</span>}
    </Link>
  );
}
