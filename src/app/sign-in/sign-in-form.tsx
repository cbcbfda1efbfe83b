"use client";
// Email + password, one form for sign in and sign up, submitted to a server action so it works before
// hydration and without JavaScript (docs/reference/security.md).
import { useActionState, useState } from "react";
import { submitSignIn } from "./actions";
import { initialSignInState, type SignInMode, type SignInState } from "./form-state";

export function SignInForm({ next }: { next: string }) {
  const [state, formAction, pending] = useActionState(submitSignIn, initialSignInState());
  // With JavaScript the mode switch happens right here, until the next answer of the action;
  // without it, the switch is a submit and the action answers with the other mode.
  const [switched, setSwitched] = useState<{ after: SignInState; mode: SignInMode } | null>(null);
  const localSwitch = switched?.after === state ? switched : null;
  const mode = localSwitch?.mode ?? state.mode;
  const error = localSwitch ? null : state.error;

  const signUp = mode === "sign-up";
  return (
    <>
      <h1>{signUp ? "Create an account" : "Sign in"}</h1>
      <p className="muted">{signUp ? "An account lets you take rooms live and keeps your recordings." : "Sign in to take a room live."}</p>
      <form className="card" action={formAction}>
        <input type="hidden" name="mode" value={mode} />
        <input type="hidden" name="next" value={next} />
        {signUp && (
          <>
            <label htmlFor="name">Name</label>
            <input id="name" name="name" autoComplete="name" maxLength={100} defaultValue={state.name} />
          </>
        )}
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" maxLength={254} defaultValue={state.email} required />
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
            type="submit"
            name="intent"
            value="switch"
            formNoValidate
            className="secondary"
            onClick={(event) => {
              event.preventDefault();
              setSwitched({ after: state, mode: signUp ? "sign-in" : "sign-up" });
            }}
          >
            {signUp ? "I have an account" : "Create an account"}
          </button>
        </div>
      </form>
    </>
  );
}
