"use client";

// A modal dialog for a small form (Radix Dialog: focus is trapped and
// returned to the trigger, Escape and the close button cancel).
import { Dialog as RadixDialog } from "radix-ui";
import { X } from "lucide-react";

export function Dialog({ trigger, title, description, open, onOpenChange, wide = false, children }: {
  trigger: React.ReactNode;
  title: string;
  description?: React.ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** A larger form (a YAML editor, run options): 720 px instead of 480. */
  wide?: boolean;
  children: React.ReactNode;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <RadixDialog.Content className={`fixed left-1/2 top-1/2 z-50 max-h-[90vh] ${wide ? "w-[min(92vw,720px)]" : "w-[min(92vw,480px)]"} -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg border border-border bg-card p-5 shadow-lg`}>
          <RadixDialog.Title className="mb-1 pr-8 text-base font-semibold">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="mb-4 text-muted-foreground">{description}</RadixDialog.Description> : <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>}
          {children}
          <RadixDialog.Close className="absolute right-3 top-3 rounded-md bg-transparent p-1 text-muted-foreground hover:bg-subtle" aria-label="Close">
            <X className="size-4" aria-hidden />
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
