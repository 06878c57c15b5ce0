"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";

export function ReplayDeadLettersButton({ open }: { open: number }) {
  const { submit, error, pending } = useApiSubmit();
  const [result, setResult] = useState<string | null>(null);
  async function replay() {
    const data = await submit("POST", "/api/manage/v1/usage/dead-letters/replay", {});
    if (data) setResult(`Replayed ${String(data.replayed)}; still failing ${String(data.stillFailing)}.`);
  }
  return (
    <p>
      <button type="button" onClick={replay} disabled={pending || open === 0}>{pending ? "Replaying…" : "Replay all"}</button>{" "}
      {result && <span role="status">{result}</span>}
      {error && <span role="alert" className="warn">{error}</span>}
    </p>
  );
}
