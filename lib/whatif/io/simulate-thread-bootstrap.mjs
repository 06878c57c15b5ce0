// A worker thread does not inherit the tsx loader on Node 20: register it here, then load the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./simulate-thread-entry.ts");
