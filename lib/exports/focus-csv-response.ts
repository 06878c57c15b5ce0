// The FOCUS export as a CSV download. The totals travel in headers so a
// caller can check the file against the dashboard without parsing it.
import type { DashboardScope } from "../dashboard/dashboard-scope";
import type { FocusExport } from "./build-focus-export";
import { FOCUS_COLUMNS } from "./focus-columns";
import { csvLine } from "./to-csv";

export function focusCsvResponse(scope: DashboardScope, data: FocusExport): Response {
  const encoder = new TextEncoder();
  let next = -1;
  // Streamed row by row: a month of a large org is tens of thousands of rows.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk: string[] = [];
      for (; chunk.length < 500 && next < data.rows.length; next++) {
        chunk.push(next < 0 ? csvLine(FOCUS_COLUMNS) : csvLine(FOCUS_COLUMNS.map((c) => data.rows[next]![c])));
      }
      if (chunk.length) controller.enqueue(encoder.encode(chunk.join("")));
      if (next >= data.rows.length) controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="tollgate-focus-${scope.from}-to-${scope.to}.csv"`,
      "x-tollgate-total-billed-cost": data.totalBilledCost,
      "x-tollgate-unpriced-requests": String(data.unpricedRequests),
    },
  });
}
