// Request ids: a random per-process prefix and a counter, unique across
// instances without paying for random bytes on every request.
import { randomBytes } from "node:crypto";

const prefix = randomBytes(6).toString("hex");
let counter = 0;

export function nextRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${prefix}${counter.toString(16).padStart(12, "0")}`;
}
