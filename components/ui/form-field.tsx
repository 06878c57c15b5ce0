"use client";

// A label, its control and the control's error message: the label names the
// control (htmlFor), the message is tied to it (aria-describedby) and the
// control says it is invalid (aria-invalid) while the message shows.
import { cloneElement, useId, type ReactElement } from "react";
import { cn } from "@/lib/ui/cn";
import { Label } from "./label";

type Control = ReactElement<{ id?: string; "aria-invalid"?: boolean; "aria-describedby"?: string }>;

export function FormField({ label, error, hint, className, children }: {
  label: string;
  /** The field's error message (from the form's resolver or the API). */
  error?: string;
  hint?: string;
  className?: string;
  children: Control;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex min-w-0 flex-col gap-1", className)}>
      <Label htmlFor={id}>{label}</Label>
      {cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && <p id={hintId} className="text-xs text-muted-foreground">{hint}</p>}
      {error && <p id={errorId} className="text-xs text-destructive">{error}</p>}
    </div>
  );
}

/** The API's own answer to a submit (a 409, a 403, a 422 the form could not foresee). */
export function FormError({ message, className }: { message: string | null; className?: string }) {
  if (!message) return null;
  return <p role="alert" className={cn("rounded-md bg-warn-bg px-3 py-2 text-sm text-warn-text", className)}>{message}</p>;
}
