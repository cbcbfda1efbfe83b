// What the sign-in action answers when it doesn't redirect; never the password (docs/reference/security.md).
export type SignInMode = "sign-in" | "sign-up";
export type SignInState = { mode: SignInMode; error: string | null; email: string; name: string };

export const initialSignInState = (mode: SignInMode = "sign-in"): SignInState => ({ mode, error: null, email: "", name: "" });
