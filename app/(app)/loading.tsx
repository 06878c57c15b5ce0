// Shown while a page's data loads (Next streams it in place of the page).
export default function Loading() {
  return (
    <div role="status" aria-live="polite">
      <p className="muted">Loading…</p>
      <div className="grid"><div className="skeleton" /><div className="skeleton" /></div>
      <div className="skeleton" style={{ marginTop: 16, minHeight: 280 }} />
    </div>
  );
}
