// The demo's local model (`npm run up` serves a tiny model with random
// weights as "local-tiny", lib/demo/ensure-demo-local-model.ts): its timing
// is real, its answers are not. A copy, so client bundles need no server module.
export const DEMO_TINY_MODEL_ALIAS = "local-tiny";

export const isDemoTinyModel = (alias: string): boolean => alias === DEMO_TINY_MODEL_ALIAS;
