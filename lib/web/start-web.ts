// Runs once when the web server starts (scripts/start-web.ts, or Next's
// instrumentation.ts under `next dev`): validates the environment and checks
// that Postgres and Redis answer, so a bad value stops the process with one
// clear line instead of failing on first use. A second call is a no-op.
import { loadWebEnv } from "../env";
import { exitOnEnvError } from "../env/parse-env";
import { createLogger, setLogger } from "../log/logger";
import { checkServicesReachable } from "./check-services-reachable";

const state = globalThis as unknown as { tollgateWebStarted?: Promise<void> };

export function startWeb(): Promise<void> {
  state.tollgateWebStarted ??= checkOnce();
  return state.tollgateWebStarted;
}

async function checkOnce(): Promise<void> {
  try {
    const env = loadWebEnv();
    setLogger(createLogger({ name: "tollgate-web", level: env.TOLLGATE_LOG_LEVEL }));
    await checkServicesReachable(env);
  } catch (error) {
    exitOnEnvError(error, "web");
  }
}
