"use client";

import { cloneElement, useId, type ReactElement } from "react";

/** A label tied to its control by id, so the control's accessible name is the label alone. */
export function Field({ label, children }: { label: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <br />
      {cloneElement(children, { id })}
    </div>
  );
}
