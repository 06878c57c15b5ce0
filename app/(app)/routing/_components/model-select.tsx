"use client";

// A model from the org's catalog, as a native select: local and unpriced
// models say so, and a value that is not (or no longer) in the catalog stays
// selectable, marked, so editing a rule never drops it silently. (React 19:
// the ref react-hook-form's register spreads in reaches the <select>.)
import { Select } from "@/components/ui/select";
import type { ModelOption } from "./editor-options";

type Props = React.ComponentProps<"select"> & { models: ModelOption[]; current: string; only?: "local" };

export function ModelSelect({ models, current, only, ...props }: Props) {
  const shown = only === "local" ? models.filter((m) => m.isLocal) : models;
  const missing = current !== "" && !shown.some((m) => m.alias === current);
  return (
    <Select {...props}>
      <option value="">Choose a model</option>
      {missing && <option value={current}>{current} (not in the catalog{only === "local" ? " as a local model" : ""})</option>}
      {shown.map((m) => (
        <option key={m.alias} value={m.alias}>
          {m.alias}{m.isLocal ? " (local)" : ""}{m.priced ? "" : " (unpriced)"}{m.servable ? "" : " (no deployment)"}
        </option>
      ))}
    </Select>
  );
}
