// Runs many calls of one Lua script in a single EVALSHA. Calls made during
// one event-loop turn are queued and sent together at the next check phase
// (setImmediate), so under load a proxy pays the client-side cost of one
// Redis command (and Redis the cost of one script invocation) for a batch of
// admissions or settles instead of one per request. Each call still runs on
// its own, one after another inside the script (Redis runs a script
// atomically), with its own KEYS and ARGV, so its outcome is exactly the one
// a separate call would have had.
import { ReplyError } from "ioredis";

/**
 * Wraps a script body that defines `local function run(KEYS, ARGV)` (its
 * parameters shadow the globals) into a script that runs it once per call:
 * ARGV = n, then per call: its key count, its arg count, its args.
 * A call whose run raises an error answers {'__error', message} and the
 * others go on (what it applied before the error stays applied, as it would
 * for a separate call that failed half-way).
 */
export function batchedLua(body: string): string {
  return `${body}
local out = {}
local n = tonumber(ARGV[1])
local ko, ao = 0, 1
for c = 1, n do
  local nk, na = tonumber(ARGV[ao + 1]), tonumber(ARGV[ao + 2])
  local K, A = {}, {}
  for i = 1, nk do K[i] = KEYS[ko + i] end
  for i = 1, na do A[i] = ARGV[ao + 2 + i] end
  local ok, res = pcall(run, K, A)
  if ok then out[c] = res else out[c] = {'__error', type(res) == 'table' and tostring(res.err) or tostring(res)} end
  ko = ko + nk
  ao = ao + 2 + na
end
return out
`;
}

type Send = (keyCount: number, ...keysAndArgs: (string | number)[]) => Promise<unknown[]>;

interface Pending {
  keys: string[];
  args: (string | number)[];
  resolve: (reply: unknown) => void;
  reject: (error: unknown) => void;
}

export class ScriptBatcher<Reply> {
  private queue: Pending[] = [];
  private scheduled = false;

  /** `send` runs the batchedLua script; `maxBatch` bounds how long one script holds Redis. */
  constructor(private readonly send: Send, private readonly maxBatch = 32) {}

  call(keys: string[], args: (string | number)[]): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ keys, args, resolve: resolve as (reply: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) this.sendBatch(this.queue.splice(0, this.maxBatch));
  }

  private sendBatch(batch: Pending[]): void {
    const keys: string[] = [];
    const args: (string | number)[] = [batch.length];
    for (const p of batch) {
      keys.push(...p.keys);
      args.push(p.keys.length, p.args.length, ...p.args);
    }
    this.send(keys.length, ...keys, ...args).then(
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
