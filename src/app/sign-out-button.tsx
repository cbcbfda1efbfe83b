"use client";
// The sign-out button (docs/ui.md, "Pages").
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/auth-client";

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
        await authClient.signOut();
        setPending(false);
        router.push("/");
        router.refresh();
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
