"use client";
import { Popover as RadixPopover } from "radix-ui";
import { cn } from "@/lib/ui/cn";

// A small Radix popover: a trigger (asChild, usually a Button) and a panel
// beside it. Focus moves into the panel and back to the trigger on close;
// Escape and a click outside close it (Radix).

export const Popover = RadixPopover.Root;
export const PopoverTrigger = RadixPopover.Trigger;
export const PopoverClose = RadixPopover.Close;

export function PopoverContent({ className, sideOffset = 4, align = "start", ...props }: React.ComponentProps<typeof RadixPopover.Content>) {
  return (
    <RadixPopover.Portal>
      <RadixPopover.Content
        sideOffset={sideOffset}
        align={align}
        collisionPadding={8}
        className={cn("z-50 max-w-[calc(100vw-16px)] rounded-md border border-border bg-card p-3 text-sm text-foreground shadow-md", className)}
        {...props}
      />
    </RadixPopover.Portal>
  );
}
