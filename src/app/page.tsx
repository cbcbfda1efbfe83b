// The home page (docs/ui.md, "Pages").
import { headers } from "next/headers";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth";
import { missingUpstreamVariables, sandboxSetting } from "@golive/next/config";

export default async function Home() {
  const user = await getSessionUser(await headers());
  const missing = missingUpstreamVariables();
  const sandbox = sandboxSetting() === "on";
  return (
    <main className="narrow">
      <h1>Go live from a LiveKit room</h1>
      <p className="lead">Broadcast a room to MUX — and to YouTube, Twitch or any RTMP server at the same time. MUX keeps the recording.</p>
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
            <div className="actions">
              <Link className="button-link" href="/rooms">
                Open a room
              </Link>
              <Link className="button-link secondary" href="/recordings">
                Your recordings
              </Link>
            </div>
          </>
        ) : (
          <>
            <p>Sign in to take a room live.</p>
            <Link className="button-link" href="/sign-in">
              Sign in or create an account
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
