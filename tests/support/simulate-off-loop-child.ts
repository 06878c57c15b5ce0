// Run by simulate-off-loop.test.ts in a process started the way `npm run up` starts the worker
// (a .ts preload after tsx): the thread must not inherit that preload.
import { simulateOffLoop } from "../../lib/whatif/io/simulate-off-loop";
import { scenarioSchema } from "../../lib/whatif/scenario-schema";

const at = new Date("2026-03-01T00:00:00Z");
const scenario = scenarioSchema.parse({ name: "t", range: { from: at.toISOString(), to: new Date(at.getTime() + 3600_000).toISOString() }, rules: [{ sharePercent: 100, target: { model: "m" } }] });
const sim = await simulateOffLoop({ scenario, profile: { from: at, to: new Date(at.getTime() + 3600_000), cells: [] }, catalog: new Map(), quality: new Map(), latency: new Map(), ratioPairs: [], seed: 1, timeZone: "UTC" });
console.log(`simulated ${sim.cost.totals.baselineNano}`);
process.exit(0);
