// Runs once when the web server starts (instrumentation.ts): validates the
// environment and checks that Postgres and Redis answer, so a bad value
// stops the process with one clear line instead of failing on first use.
import { loadWebEnv } from "../env";
import { exitOnEnvError } from "../env/parse-env";
import { createLogger, setLogger } from "../log/logger";
import { checkServicesReachable } from "./check-services-reachable";

export async function startWeb(): Promise<void> {
  try {
    const env = loadWebEnv();
    setLogger(createLogger({ name: "tollgate-web", level: env.TOLLGATE_LOG_LEVEL }));
    await checkServicesReachable(env);
  } catch (error) {
    exitOnEnvError(error, "web");
  }
}
