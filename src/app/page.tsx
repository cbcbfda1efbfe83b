import { headers } from "next/headers";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth";
import { missingUpstreamVariables, sandboxSetting } from "@/lib/env";
import { SignOutButton } from "./sign-out-button";

// Reads the session per request.
export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await getSessionUser(await headers());
  const missing = missingUpstreamVariables();
  const sandbox = sandboxSetting() === "on";
  return (
    <main>
      <h1>golive</h1>
      {sandbox && <p className="banner">Sandbox: MUX and LiveKit are local emulators. Nothing is broadcast anywhere.</p>}
      {!sandbox && missing.length > 0 && (
        <p className="banner">
          Going live is not configured yet: set {missing.join(", ")} (see .env.example), or run <code>npm run dev</code> to use the
          offline sandbox.
        </p>
      )}
      <div className="card">
        {user ? (
          <>
            <p>
              Signed in as <strong>{user.name}</strong> ({user.email}).
            </p>
            <p className="muted">
              Go live with <code>POST /api/video/livestream</code> — see the README for the API.
            </p>
            <SignOutButton />
          </>
        ) : (
          <>
            <p>Sign in to take a LiveKit room live.</p>
            <Link href="/sign-in">Sign in or create an account</Link>
          </>
        )}
      </div>
    </main>
  );
}
