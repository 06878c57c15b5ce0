import type { Metadata } from "next";
import { cookies } from "next/headers";
import "./globals.css";

export const metadata: Metadata = { title: "Tollgate", description: "FinOps cost control for LLM APIs" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // A chosen theme is rendered by the server (no flash); without one, CSS follows the system.
  const theme = (await cookies()).get("tollgate-theme")?.value;
  return (
    <html lang="en" className={theme === "light" || theme === "dark" ? theme : undefined}>
      <body>{children}</body>
    </html>
  );
}
