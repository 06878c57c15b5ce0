export async function register() {
  // Only in the Node.js server runtime (not the edge bundle).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startWeb } = await import("./lib/web/start-web");
    await startWeb();
  }
}
