"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    // 429 / 503 from the web server's guard; authorize's own refusals arrive as result.error.
    const tooMany = result?.status === 429 || result?.error === "TooManyAttempts";
    const unavailable = result?.status === 503 || result?.error === "Unavailable";
    setError(tooMany ? "Too many failed attempts: wait a few minutes, then try again." : unavailable ? "Sign-in is unavailable right now: try again in a moment." : "Wrong email or password.");
  }

  // method="post": should the form ever submit before the script runs, credentials never land in a URL.
  return (
    <form className="signin card" method="post" onSubmit={onSubmit}>
      <h1>Sign in to Tollgate</h1>
      <label>
        Email
        <br />
        <input name="email" type="email" autoComplete="username" required style={{ width: "100%" }} />
      </label>
      <label>
        Password
        <br />
        <input name="password" type="password" autoComplete="current-password" required style={{ width: "100%" }} />
      </label>
      {error && (
        <p role="alert" className="warn">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
