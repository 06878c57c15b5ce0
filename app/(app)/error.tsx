"use client";
// A page that failed to load says so and offers a retry; details stay in the server log.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="card">
      <h1>This page could not be loaded</h1>
      <p className="muted">Something went wrong on our side{error.digest ? ` (reference ${error.digest})` : ""}. Your data is safe.</p>
      <button type="button" onClick={reset}>Try again</button>
    </div>
  );
}
