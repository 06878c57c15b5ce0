"use client";

// Results of actions (saved, revoked, failed) as toasts, announced to screen readers.
import { Toaster as Sonner } from "sonner";

export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton theme="system" />;
}
