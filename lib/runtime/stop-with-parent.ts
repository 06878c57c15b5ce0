// Preloaded (node --import) into the web and worker processes `npm run up`
// starts. They run in their own process groups (so a terminal's Ctrl-C reaches
// only `up`, which stops them in order) with an IPC channel to `up`. When `up`
// dies, even by SIGKILL, the channel closes: the process then stops as on
// SIGTERM (its own graceful shutdown) and exits after 10 s regardless.
export const FORCED_EXIT_AFTER_MS = 10_000;

if (process.send) {
  process.once("disconnect", () => {
    setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_MS).unref();
    process.kill(process.pid, "SIGTERM");
  });
}
