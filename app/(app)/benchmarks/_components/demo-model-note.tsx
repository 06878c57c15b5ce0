// The demo's tiny local model has random weights: say so wherever its answers or pass rates show.
import { isDemoTinyModel } from "@/lib/benchmarks/view/demo-model";

export function DemoModelNote({ model }: { model: string }) {
  if (!isDemoTinyModel(model)) return null;
  return (
    <p role="note" className="rounded-md bg-warn-bg px-3 py-2 text-sm text-warn-text" data-testid="demo-model-note">
      <strong>{model}</strong> is the demo&apos;s tiny local model with random weights: its answers are gibberish, so its pass rate means nothing. Only its timing (TTFT, ITL, tokens/s) is meaningful.
    </p>
  );
}
