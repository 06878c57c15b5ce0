"use client";

// Tabs (Radix: arrow keys move between tabs, each tab names its panel).
import { Tabs as RadixTabs } from "radix-ui";
import { cn } from "@/lib/ui/cn";

export const Tabs = RadixTabs.Root;

export function TabsList({ className, ...props }: React.ComponentProps<typeof RadixTabs.List>) {
  return <RadixTabs.List className={cn("mb-3 inline-flex gap-1 rounded-md border border-border bg-subtle p-0.5", className)} {...props} />;
}

export function TabsTrigger({ className, ...props }: React.ComponentProps<typeof RadixTabs.Trigger>) {
  return (
    <RadixTabs.Trigger
      className={cn("rounded-sm bg-transparent px-3 py-1 text-sm font-medium text-muted-foreground hover:text-foreground data-[state=active]:bg-card data-[state=active]:text-foreground data-[state=active]:shadow-xs", className)}
      {...props}
    />
  );
}

export const TabsContent = RadixTabs.Content;
