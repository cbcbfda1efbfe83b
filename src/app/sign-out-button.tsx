"use client";
// The sign-out button (docs/ui.md, "Pages"). A plain POST to better-auth's own endpoint, as its
// client would send it: importing better-auth's React client for this one call put it on every
// page (docs/benchmarks.md, "Page weight").
import { useRouter } from "next/navigation";
import { useState } from "react";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="secondary small"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Same origin, so the browser sends the session cookie and the Origin better-auth checks.
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
        setPending(false);
        router.push("/");
        router.refresh();
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
