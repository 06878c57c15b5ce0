import { safeCallbackPath } from "@/lib/auth/safe-callback-path";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only paths on this site, never an open redirect.
  const target = safeCallbackPath(callbackUrl);
  const initialError = error === "TooManyAttempts" ? TOO_MANY : error === "Unavailable" ? UNAVAILABLE : error ? "Wrong email or password." : null;
  return <SignInForm callbackUrl={target} initialError={initialError} />;
}

const TOO_MANY = "Too many failed attempts: wait a few minutes, then try again.";
const UNAVAILABLE = "Sign-in is unavailable right now: try again in a moment.";
