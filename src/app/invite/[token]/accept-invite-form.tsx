"use client";
// The button that accepts an invite (a POST: opening the link changes nothing) (docs/architecture.md,
// "Rooms and roles").
import { useRouter } from "next/navigation";
import { useState } from "react";
import { acceptRoomInvite } from "../../actions/rooms";

export function AcceptInviteForm({ token, room }: { token: string; room: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function join() {
    setPending(true);
    setError(null);
    const result = await acceptRoomInvite({ token });
    if (!result.ok) {
      setPending(false);
      setError(result.error);
      return;
    }
    router.push(`/rooms/${encodeURIComponent(result.data.room)}`);
  }
  return (
    <>
      {error && (
        <p className="notice error-notice" role="alert">
          {error}
        </p>
      )}
      <button type="button" onClick={() => void join()} disabled={pending}>
        {pending ? "Joining…" : `Join ${room}`}
      </button>
    </>
  );
}
