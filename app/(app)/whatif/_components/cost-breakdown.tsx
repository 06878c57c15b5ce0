"use client";

// The result's cost by project, by the model that served the traffic, and by
// tier: before, after, and the saving with its share of that row's baseline,
// one money precision per table.
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { BreakdownRow } from "@/lib/whatif/view/read-scenario-result";
import { DataTable, type Column } from "../../_components/data-table";

const columnsFor = (first: string): Column[] => [
  { key: "name", label: first },
  { key: "requests", label: "Requests", kind: "count" },
  { key: "moved", label: "Moved", kind: "count" },
  { key: "before", label: "Cost before (USD)", kind: "usd", usdSet: "cost" },
  { key: "after", label: "Cost after (USD)", kind: "usd", usdSet: "cost" },
  { key: "saving", label: "Saving (USD)", kind: "usd", usdSet: "cost" },
  { key: "savingShare", label: "Saving %", kind: "percent" },
];

const VIEWS = [
  { id: "project", label: "By project", first: "Project" },
  { id: "model", label: "By model", first: "Model (as served)" },
  { id: "tier", label: "By tier", first: "Tier" },
] as const;

export function CostBreakdown({ byProject, byModel, byTier }: Record<"byProject" | "byModel" | "byTier", BreakdownRow[]>) {
  const rows: Record<(typeof VIEWS)[number]["id"], BreakdownRow[]> = { project: byProject, model: byModel, tier: byTier };
  return (
    <Tabs defaultValue="project">
      <TabsList aria-label="Break the cost down by">
        {VIEWS.map((v) => <TabsTrigger key={v.id} value={v.id}>{v.label}</TabsTrigger>)}
      </TabsList>
      {VIEWS.map((v) => (
        <TabsContent key={v.id} value={v.id}>
          <DataTable columns={columnsFor(v.first)} rows={rows[v.id]} caption={`Cost ${v.label.toLowerCase()}`} csvName={`whatif-by-${v.id}`} testId={`whatif-by-${v.id}`} empty="No traffic." />
        </TabsContent>
      ))}
    </Tabs>
  );
}
