import { cn } from "@/lib/ui/cn";

// The table primitive: every listing uses it (DataTable renders through it too).
// `numeric` cells and headers are right-aligned with tabular figures, so
// tokens, money and time line up by digit.

export function Table({ className, ...props }: React.TableHTMLAttributes<HTMLTableElement>) {
  return <table className={cn("w-full border-collapse text-sm", className)} {...props} />;
}

export function THead({ className, sticky, ...props }: React.HTMLAttributes<HTMLTableSectionElement> & { sticky?: boolean }) {
  return <thead className={cn(sticky && "sticky top-0 z-10 bg-card", className)} {...props} />;
}

export function TBody(props: React.HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} />;
}

export function Tr({ className, ...props }: React.HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("hover:bg-subtle", className)} {...props} />;
}

export function Th({ className, numeric, ...props }: React.ThHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return (
    <th
      scope="col"
      className={cn("border-b border-border px-2 py-1.5 text-left align-bottom text-xs font-semibold uppercase tracking-wide text-muted-foreground", numeric && "text-right tabular-nums", className)}
      {...props}
    />
  );
}

export function Td({ className, numeric, ...props }: React.TdHTMLAttributes<HTMLTableCellElement> & { numeric?: boolean }) {
  return <td className={cn("border-b border-border px-2 py-1.5 text-left align-top", numeric && "text-right tabular-nums whitespace-nowrap", className)} {...props} />;
}
