import Link from "next/link";
import { AlertsNavLink } from "./_components/alerts-nav-link";
import { SignOutButton } from "./_components/sign-out-button";

export default function AppLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="top">
        <span className="brand">Tollgate</span>
        <nav aria-label="Main">
          <Link href="/">Overview</Link>
          <Link href="/requests">Requests</Link>
          <Link href="/budgets">Budgets</Link>
          <AlertsNavLink />
          <Link href="/keys">API keys</Link>
          <Link href="/limits">Rate limits</Link>
          <Link href="/models">Models and prices</Link>
          <Link href="/providers">Providers</Link>
          <Link href="/access">Access</Link>
          <Link href="/audit">Audit log</Link>
          <Link href="/ingest">Ingest</Link>
        </nav>
        <SignOutButton />
      </header>
      <main>{children}</main>
    </>
  );
}
