// The worker process's entry. Signal handlers come first, before the heavy
// modules load: a Ctrl-C or SIGTERM while the worker is still starting is
// held and honoured as soon as there is something to close (in-flight jobs
// finish, then it exits 0), instead of killing it mid-start.
import { exitOnEnvError } from "../lib/env/parse-env";

let stop: ((signal: string) => Promise<void>) | null = null;
let held: string | null = null;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stop) void stop(signal);
    else held ??= signal;
  });
}
// A line to say the handlers are in place (supervisors and tests may signal from here on).
process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), name: "tollgate-worker", msg: "worker starting" })}\n`);

void import("./run-worker")
  .then(({ runWorker }) =>
    runWorker({
      ready: (shutdown) => {
        stop = shutdown;
        if (held) void shutdown(held);
      },
    }),
  )
  .catch((error: unknown) => exitOnEnvError(error, "worker"));
