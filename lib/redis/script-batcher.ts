// Runs many calls of one Lua script in a single EVALSHA. Calls made during
// one event-loop turn are queued and sent together at the next check phase
// (setImmediate), so under load a proxy pays the client-side cost of one
// Redis command (and Redis the cost of one script invocation) for a batch of
// admissions or settles instead of one per request. Each call still runs on
// its own, one after another inside the script (Redis runs a script
// atomically), with its own KEYS and ARGV, so its outcome is exactly the one
// a separate call would have had.
//
// A call has a shared part (keys and args many calls repeat: a key's budget
// counters and their settings) and its own part. A shared part is sent once
// per batch however many calls name it (by object identity), so a batch of
// requests under the same limits costs encoding, bytes and Redis argument
// parsing for one set of keys, not one per request.
import { ReplyError } from "ioredis";

/** Keys and args many calls share; pass the same object to share it. */
export interface SharedPart {
  readonly keys: readonly string[];
  readonly args: readonly (string | number)[];
}

/**
 * Wraps a script body that defines `local function run(SK, SA, KEYS, ARGV)`
 * (the call's shared keys and args, then its own; the last two shadow the
 * globals) and `local function finish()` into a script that runs `run` once
 * per call, then `finish` once (to write back what the calls kept in Lua
 * tables: a batch may read a hash once and write it once). ARGV = shared count,
 * call count, per shared part: its key count, its arg count, its args; then
 * per call: its shared part's index, its key count, its arg count, its args.
 * KEYS = the shared parts' keys, then the calls'.
 * A call whose run raises an error answers {'__error', message} and the
 * others go on (what it applied before the error stays applied, as it would
 * for a separate call that failed half-way).
 */
export function batchedLua(body: string): string {
  return `${body}
local out = {}
local ns, n = tonumber(ARGV[1]), tonumber(ARGV[2])
local ko, ao = 0, 2
local SKS, SAS = {}, {}
for s = 1, ns do
  local nk, na = tonumber(ARGV[ao + 1]), tonumber(ARGV[ao + 2])
  local K, A = {}, {}
  for i = 1, nk do K[i] = KEYS[ko + i] end
  for i = 1, na do A[i] = ARGV[ao + 2 + i] end
  SKS[s], SAS[s] = K, A
  ko = ko + nk
  ao = ao + 2 + na
end
for c = 1, n do
  local si, nk, na = tonumber(ARGV[ao + 1]), tonumber(ARGV[ao + 2]), tonumber(ARGV[ao + 3])
  local K, A = {}, {}
  for i = 1, nk do K[i] = KEYS[ko + i] end
  for i = 1, na do A[i] = ARGV[ao + 3 + i] end
  local ok, res = pcall(run, SKS[si], SAS[si], K, A)
  if ok then out[c] = res else out[c] = {'__error', type(res) == 'table' and tostring(res.err) or tostring(res)} end
  ko = ko + nk
  ao = ao + 3 + na
end
finish()
return out
`;
}

/** Sends one batch: the key count, then the keys and args (one flat array). */
type Send = (keyCount: number, keysAndArgs: (string | number)[]) => Promise<unknown[]>;

interface Pending {
  shared: SharedPart;
  keys: readonly string[];
  args: readonly (string | number)[];
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Batchers that send together: the batches all of them queued during one turn leave from one callback,
 * inside `coalesce`. On one connection, coalesce can cork its socket, so an admission batch and a settle
 * batch of the same turn go out in one write (and Redis reads them in one read and answers in one write).
 */
export class BatchGroup {
  private due: { flushQueued(): void }[] = [];
  private scheduled = false;

  constructor(private readonly coalesce: (sendAll: () => void) => void = (sendAll) => sendAll()) {}

  schedule(batcher: { flushQueued(): void }): void {
    this.due.push(batcher);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const due = this.due;
      this.due = [];
      this.coalesce(() => {
        for (const b of due) b.flushQueued();
      });
    });
  }
}

export class ScriptBatcher<Reply> {
  private queue: Pending[] = [];
  private scheduled = false;

  /** `send` runs the batchedLua script; `maxBatch` bounds how long one script holds Redis; `group`: who it sends with. */
  constructor(private readonly send: Send, private readonly maxBatch = 32, private readonly group = new BatchGroup()) {}

  call(shared: SharedPart, keys: readonly string[], args: readonly (string | number)[]): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ shared, keys, args, resolve: resolve as (reply: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.group.schedule(this);
      }
    });
  }

  /** Sends what is queued (called by the group, once per turn in which calls were queued). */
  flushQueued(): void {
    this.scheduled = false;
    while (this.queue.length > 0) this.sendBatch(this.queue.splice(0, this.maxBatch));
  }

  private sendBatch(batch: Pending[]): void {
    const index = new Map<SharedPart, number>();
    const shared: SharedPart[] = [];
    for (const p of batch) {
      if (!index.has(p.shared)) {
        index.set(p.shared, shared.length + 1);
        shared.push(p.shared);
      }
    }
    const keys: (string | number)[] = [];
    const args: (string | number)[] = [shared.length, batch.length];
    for (const s of shared) {
      for (const k of s.keys) keys.push(k);
      args.push(s.keys.length, s.args.length);
      for (const a of s.args) args.push(a);
    }
    for (const p of batch) {
      for (const k of p.keys) keys.push(k);
      args.push(index.get(p.shared)!, p.keys.length, p.args.length);
      for (const a of p.args) args.push(a);
    }
    const keyCount = keys.length;
    for (const a of args) keys.push(a);
    this.send(keyCount, keys).then(
      (replies) => batch.forEach((p, i) => {
        const reply = replies[i];
        if (Array.isArray(reply) && reply[0] === "__error") p.reject(new ReplyError(String(reply[1])));
        else p.resolve(reply);
      }),
      // Redis could not run the batch at all (an outage, a timeout): every call in it gets that error.
      (error) => batch.forEach((p) => p.reject(error)),
    );
  }
}
