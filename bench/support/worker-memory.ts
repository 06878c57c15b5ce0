// bench:whatif's memory reading of the real worker process (workers/index.ts,
// every processor and the usage consumers loaded, compiled and run as `npm run up` runs it): its resident
// size at rest, then while it runs whatif-run jobs queued through BullMQ as
// the API queues them, sampled from /proc every 10 ms, and the kernel's own
// high-water mark (VmHWM) at the end. The worker's simulation thread is part
// of the process, so its memory is in these numbers.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DbClient } from "../../lib/db/create-db-client";
import type { Prisma } from "../../lib/generated/prisma/client";
import { closeQueues, getQueue } from "../../lib/queues/get-queue";
import { QueueName } from "../../lib/queues/queue-names";
import { buildProcessBundle } from "../../lib/runtime/build-process-bundle";
import { createRedis } from "../../lib/redis/create-redis";
import type { Scenario } from "../../lib/whatif/scenario-schema";
import { startRedis } from "../../tests/support/local-services";
import { startProcess } from "./start-process";

const MB = 1024;

/** VmRSS and VmHWM of a process, in MB (the kernel reports kB). */
async function residentOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb("VmRSS") / MB), hwm: Math.round(kb("VmHWM") / MB) };
}

export interface WorkerMemory {
  /** Resident size once started and settled, before any job. */
  idleMb: number;
  /** Highest resident size sampled while a job ran, per run, in order. */
  runPeaksMb: { days: number; peakMb: number; ms: number; baselineCostUsd: string }[];
  /** The kernel's high-water mark at the end (start-up included). */
  hwmMb: number;
}

export async function measureWorkerMemory(db: DbClient, databaseUrl: string, orgId: string, scenarios: { days: number; scenario: Scenario }[], runs: number): Promise<WorkerMemory> {
  const redis = await startRedis();
  const connection = createRedis(redis.url);
  // The worker as `npm run up` runs it: the compiled bundle (lib/runtime/build-process-bundle.ts).
  const bundle = await buildProcessBundle(path.resolve(import.meta.dirname, "../.."), "worker");
  const worker = await startProcess("tollgate worker", [bundle], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, TOLLGATE_LOG_LEVEL: "info" }, /worker started/);
  const pid = worker.child.pid!;
  const created: string[] = [];
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const idleMb = (await residentOf(pid)).rss;
    const runPeaksMb: WorkerMemory["runPeaksMb"] = [];
    for (const { days, scenario } of scenarios) {
      const row = await db.scenario.create({
        data: { orgId, name: `bench:whatif worker ${days} days`, rules: scenario as unknown as Prisma.InputJsonValue, rangeStart: new Date(scenario.range.from), rangeEnd: new Date(scenario.range.to) },
        select: { id: true },
      });
      created.push(row.id);
      for (let i = 0; i < runs; i++) {
        const result = await db.scenarioResult.create({ data: { scenarioId: row.id }, select: { id: true } });
        const t0 = performance.now();
        await getQueue(QueueName.WhatIfRun, connection).add(QueueName.WhatIfRun, { resultId: result.id }, { jobId: `whatif-${result.id}`, attempts: 1 });
        let peakMb = 0;
        for (;;) {
          peakMb = Math.max(peakMb, (await residentOf(pid)).rss);
          const done = await db.scenarioResult.findUniqueOrThrow({ where: { id: result.id }, select: { status: true, error: true, baselineCostUsd: true } });
          if (done.status === "failed") throw new Error(`the worker's whatif-run failed: ${done.error}`);
          if (done.status === "succeeded") {
            runPeaksMb.push({ days, peakMb, ms: Math.round(performance.now() - t0), baselineCostUsd: done.baselineCostUsd!.toFixed(9) });
            break;
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    }
    return { idleMb, runPeaksMb, hwmMb: (await residentOf(pid)).hwm };
  } finally {
    await worker.stop();
    await db.scenario.deleteMany({ where: { id: { in: created } } });
    await closeQueues();
    connection.disconnect();
    await redis.stop();
  }
}
