"use client";

// While a run is queued or running, the page re-renders from the server every 2 s; it stops once the run has ended.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function LiveRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return active ? <p className="sr-only" aria-live="polite">This run is in progress; the page updates every 2 seconds.</p> : null;
}
