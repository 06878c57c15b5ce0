// A new API key's or token's secret, shown once: the database keeps only its hash.
export function SecretShownOnce({ what, secret, testId }: { what: "key" | "token"; secret: string; testId: string }) {
  return (
    <p data-testid={testId} className="basis-full">
      Copy this {what} now; it will not be shown again: <code data-testid={`${testId}-secret`}>{secret}</code>
    </p>
  );
}
