import net from "node:net";

/**
 * A TCP port that was free on loopback a moment ago, other than `avoid`: ports this process has chosen for
 * something that is not listening yet (the web's PORT while Redis starts) look free too.
 */
export async function freePort(avoid: readonly number[] = []): Promise<number> {
  for (let tries = 0; tries < 20; tries++) {
    const port = await anyFreePort();
    if (!avoid.includes(port)) return port;
  }
  throw new Error(`no free port other than ${avoid.join(", ")}`);
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
