// An open-loop load at a fixed rate: request i is due at start + i / rate,
// spread evenly over the run. autocannon's overallRate is not that: each of
// its connections sends its share of a second back to back as fast as the
// server answers, then waits for the next second, so "1000/s over 50
// connections" is a burst at full concurrency every second, and its latency
// is that of saturation. Here each latency runs from the request's due time
// (a stall that delays later sends counts against them, so there is no
// coordinated omission, as in wrk2) to the response's last byte.
import { Pool } from "undici";

export interface PacedRequest {
  body: string;
  headers?: Record<string, string>;
}

export interface PacedResult {
  ok: number;
  failed: number;
  /** Of every answer (failures included): ms from its due time to its last byte. */
  p50: number;
  p99: number;
}

export async function pacedLoad(opts: {
  url: string;
  rate: number;
  durationS: number;
  connections: number;
  headers: Record<string, string>;
  requests: PacedRequest[];
  /** Each answer's headers, for callers that count them (e.g. x-tollgate-cache). */
  onHeaders?: (headers: Record<string, string | string[] | undefined>) => void;
}): Promise<PacedResult> {
  const url = new URL(opts.url);
  const pool = new Pool(url.origin, { connections: opts.connections, keepAliveTimeout: 30_000 });
  const total = Math.round(opts.rate * opts.durationS);
  const intervalMs = 1000 / opts.rate;
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (i: number, due: number) => {
    const request = opts.requests[i % opts.requests.length]!;
    const done: Promise<void> = pool
      .request({ method: "POST", path: url.pathname, headers: { ...opts.headers, ...request.headers }, body: request.body })
      .then(async (res) => {
        opts.onHeaders?.(res.headers);
        await res.body.arrayBuffer();
        if (res.statusCode >= 200 && res.statusCode < 300) ok++;
        else failed++;
      })
      .catch(() => {
        failed++;
      })
      .finally(() => {
        latencies.push(performance.now() - due);
        inFlight.delete(done);
      });
    inFlight.add(done);
  };

  const start = performance.now();
  for (let i = 0; i < total;) {
    // Everything due by now goes out (a late timer catches up), then sleep until the next one is due.
    const now = performance.now();
    while (i < total && start + i * intervalMs <= now) {
      send(i, start + i * intervalMs);
      i++;
    }
    if (i < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + i * intervalMs - performance.now())));
  }
  await Promise.all(inFlight);
  await pool.close();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2) : 0);
  return { ok, failed, p50: at(0.5), p99: at(0.99) };
}
