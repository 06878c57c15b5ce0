import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "Tollgate", description: "FinOps cost control for LLM APIs" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
