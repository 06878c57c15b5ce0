// The checkout's root, whether this code runs from its sources (tsx) or
// compiled into .data/build/ (build-process-bundle.ts): the nearest directory
// above this file that holds package.json.
import { existsSync } from "node:fs";
import path from "node:path";

export function appRoot(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
