"use client";
import { DropdownMenu as Menu } from "radix-ui";
import { Check } from "lucide-react";
import { cn } from "@/lib/ui/cn";

// A small Radix dropdown: a trigger (asChild, usually a Button) and items.
// Keyboard: arrows move, Space/Enter toggles, Escape closes (Radix).

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

export function DropdownMenuContent({ className, sideOffset = 4, ...props }: React.ComponentProps<typeof Menu.Content>) {
  return (
    <Menu.Portal>
      <Menu.Content
        sideOffset={sideOffset}
        className={cn("z-50 min-w-40 rounded-md border border-border bg-card p-1 text-sm text-foreground shadow-md", className)}
        {...props}
      />
    </Menu.Portal>
  );
}

export function DropdownMenuLabel({ className, ...props }: React.ComponentProps<typeof Menu.Label>) {
  return <Menu.Label className={cn("px-2 py-1 text-xs font-semibold text-muted-foreground", className)} {...props} />;
}

export function DropdownMenuCheckboxItem({ className, children, ...props }: React.ComponentProps<typeof Menu.CheckboxItem>) {
  return (
    <Menu.CheckboxItem
      className={cn("relative flex cursor-default select-none items-center rounded-sm py-1 pl-7 pr-2 outline-none data-[highlighted]:bg-subtle data-[disabled]:opacity-50", className)}
      {...props}
    >
      <span className="absolute left-2 flex size-4 items-center justify-center">
        <Menu.ItemIndicator><Check className="size-4" aria-hidden /></Menu.ItemIndicator>
      </span>
      {children}
    </Menu.CheckboxItem>
  );
}
