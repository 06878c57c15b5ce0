// Reading a traffic plan (load-traffic-profile.ts plans it) into a profile:
// the pieces, two in flight, each one JSON text of arrays, turned into cells
// in order. Free of Prisma, so the simulation thread can read with a plain
// connection of its own (simulate-thread-entry.ts).
import type { TrafficProjection } from "../fold-dimensions";
import type { TrafficCell, TrafficProfile } from "../traffic-profile";
import { trafficCellsFromRows, type NotRerouted, type TrafficRow } from "./traffic-cells-from-rows";

const PIECES_IN_FLIGHT = 2;

export interface LoadedTraffic {
  profile: TrafficProfile;
  notRerouted: NotRerouted;
  /** Groups the query returned (before merging paths that map to one endpoint). */
  groups: number;
}

/** What a traffic read covers: the range, and one query per piece (each answers one JSON text; load-traffic-profile.ts plans them). */
export interface TrafficPlan {
  from: Date;
  to: Date;
  projection: TrafficProjection;
  dailyCells: boolean;
  /** In time order and disjoint in hours, so their cells concatenate in order. Positional ($1) parameters. */
  pieces: TrafficPieceQuery[];
}

export interface TrafficPieceQuery {
  text: string;
  values: unknown[];
}

/** One piece's JSON text (load-traffic-profile.ts reads through Prisma; the simulation thread over a connection of its own). */
export type TrafficPieceReader = (piece: TrafficPieceQuery) => Promise<string>;

// Each piece in its own short transaction, planned without parallel workers or JIT: two pieces
// are in flight already, so parallel workers only fight them for the cores (a week of the daily
// rollup took 180 ms with two workers, 107 ms without, alone on the bench machine), and JIT
// compiles for longer than these queries run. Both readers (load-traffic-profile.ts and the simulation thread's) do this.
export const PIECE_SETTINGS = ["SET LOCAL max_parallel_workers_per_gather = 0", "SET LOCAL jit = off"] as const;

/** The plan's pieces read (two in flight) and turned into cells, in order. */
export async function readTrafficProfile(plan: TrafficPlan, readPiece: TrafficPieceReader): Promise<LoadedTraffic> {
  const cells: TrafficCell[] = [];
  const notRerouted: NotRerouted = { cacheHits: 0, failedWithoutUsage: 0 };
  let groups = 0;
  const shared = sharedValues();
  for await (const text of readInOrder(plan.pieces, readPiece, PIECES_IN_FLIGHT)) {
    const rows = trafficRowsFromJson(text, shared);
    groups += rows.length;
    const part = trafficCellsFromRows(rows);
    for (const cell of part.cells) cells.push(cell);
    notRerouted.cacheHits += part.notRerouted.cacheHits;
    notRerouted.failedWithoutUsage += part.notRerouted.failedWithoutUsage;
  }
  return { profile: { from: plan.from, to: plan.to, cells, projection: plan.projection, dailyCells: plan.dailyCells }, notRerouted, groups };
}

/** `read` of each item, at most `inFlight` at once, yielded in the items' order. */
async function* readInOrder<T, R>(items: readonly T[], read: (item: T) => Promise<R>, inFlight: number): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const start = () => {
    const reading = read(items[next++]!);
    // Awaited in order below; a later one failing while an earlier is awaited must not go unhandled.
    reading.catch(() => {});
    pending.push(reading);
  };
  while (next < items.length && pending.length < inFlight) start();
  while (pending.length > 0) {
    const done = await pending.shift()!;
    if (next < items.length) start();
    yield done;
  }
}

/**
 * One instance per distinct hour and name across a read's pieces. JSON.parse makes a new string
 * for every id and model name of every row, and a new Date per row; the cells keep them for the
 * whole simulation, so 60,000 cells held hundreds of thousands of copies of a few hundred values.
 */
export interface SharedValues {
  text: (value: string) => string;
  hour: (ms: number) => Date;
}

export function sharedValues(): SharedValues {
  const texts = new Map<string, string>();
  const hours = new Map<number, Date>();
  return {
    text: (value) => {
      const seen = texts.get(value);
      if (seen !== undefined) return seen;
      texts.set(value, value);
      return value;
    },
    hour: (ms) => {
      let date = hours.get(ms);
      if (!date) hours.set(ms, (date = new Date(ms)));
      return date;
    },
  };
}

export function trafficRowsFromJson(text: string, shared: SharedValues = sharedValues()): TrafficRow[] {
  const name = shared.text;
  return (JSON.parse(text) as unknown[][]).map((r) => ({
    hour: shared.hour(r[0] as number), projectId: name(r[1] as string), apiKeyId: r[2] === null ? null : name(r[2] as string), requestedModel: name(r[3] as string),
    servedModel: name(r[4] as string), tier: r[5] as string | null, endpoint: r[6] as string, inputBand: r[7] as string, tags: r[8] as string[], priced: r[9] as boolean, kind: r[10] as string,
    requests: r[11] as number, inputTokens: r[12] as number, cachedInputTokens: r[13] as number, cacheWriteTokens: r[14] as number, outputTokens: r[15] as number,
    reasoningTokens: r[16] as number, costUsd: r[17] as string, latencyMsSum: r[18] as number, ttftMsSum: r[19] as number, ttftCount: r[20] as number,
  }));
}
