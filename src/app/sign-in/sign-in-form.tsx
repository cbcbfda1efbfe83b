"use client";
// Email + password with better-auth; one form that switches between sign in and sign up.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { authClient } from "@/lib/auth-client";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") || email })
        : await authClient.signIn.email({ email, password });
    if (result.error) {
      setPending(false);
      setError(result.error.message ?? "That didn't work. Check your email and password.");
      return;
    }
    router.push(next);
    router.refresh();
  }

  const signUp = mode === "sign-up";
  return (
    <>
      <h1>{signUp ? "Create an account" : "Sign in"}</h1>
      <p className="muted">{signUp ? "An account lets you take rooms live and keeps your recordings." : "Sign in to take a room live."}</p>
      <form className="card" onSubmit={submit}>
        {signUp && (
          <>
            <label htmlFor="name">Name</label>
            <input id="name" name="name" autoComplete="name" />
          </>
        )}
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          minLength={8}
          autoComplete={signUp ? "new-password" : "current-password"}
          aria-describedby={signUp ? "password-hint" : undefined}
          required
        />
        {signUp && (
          <p className="hint" id="password-hint">
            At least 8 characters.
          </p>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={pending}>
            {pending ? "Please wait…" : signUp ? "Create account" : "Sign in"}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setError(null);
              setMode(signUp ? "sign-in" : "sign-up");
            }}
          >
            {signUp ? "I have an account" : "Create an account"}
          </button>
        </div>
      </form>
    </>
  );
}
