// How far this org's past predictions were from what their applied policies
// did (lib/whatif/prediction-error.ts), so a new result is read with that in
// mind. Says plainly when there is nothing to judge yet, never "0 error".
import { MIN_JUDGED_REQUESTS, type TrackRecord } from "@/lib/whatif/prediction-error";

const points = (v: string) => `${Number(v) > 0 ? "+" : ""}${v} pts`;

export function TrackRecordNote({ record }: { record: TrackRecord }) {
  if (record.judged === 0) {
    return (
      <p className="m-0 text-sm text-muted-foreground" data-testid="track-record">
        Track record: no prediction checked yet{record.notJudged > 0 ? ` (${record.notJudged} applied ${record.notJudged === 1 ? "policy has" : "policies have"} fewer than ${MIN_JUDGED_REQUESTS} requests since)` : ""}. Apply a result (shadow first) and the saving it predicted is compared with what the policy does, every 6 hours.
      </p>
    );
  }
  return (
    <p className="m-0 text-sm" data-testid="track-record">
      <span className="font-medium">Track record:</span> {record.judged} applied {record.judged === 1 ? "prediction" : "predictions"} checked against what {record.judged === 1 ? "its policy" : "their policies"} did:
      median error <span className="tabular-nums">{record.medianAbsErrorPoints} pts</span> of saving
      (signed median <span className="tabular-nums">{points(record.medianErrorPoints!)}</span>{Number(record.medianErrorPoints) < 0 ? ": predictions promised more than was seen" : ""}).
    </p>
  );
}
