import Link from "next/link";

export default function AppLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="top">
        <span className="brand">Tollgate</span>
        <nav aria-label="Main">
          <Link href="/">Overview</Link>
        </nav>
        <a href="/api/auth/signout">Sign out</a>
      </header>
      <main>{children}</main>
    </>
  );
}
