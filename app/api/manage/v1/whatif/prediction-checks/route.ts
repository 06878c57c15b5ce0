import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { readPredictionTrackRecord } from "@/lib/whatif/io/read-prediction-track-record";

/** The org's prediction track record: each applied policy's latest kept check (predicted against observed saving) and their medians. */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => readPredictionTrackRecord(getDb(), principal));
