"use client";
// Open a room by name, under the API's own name rule (docs/architecture.md, "Rooms and roles").
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { MAX_ROOM_NAME_LENGTH, roomNameProblem } from "@golive/next/contract/client";

export function OpenRoomForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = roomNameProblem(name);
    if (problem) {
      setError(problem.replace(/^roomName/, "The room name"));
      return;
    }
    setPending(true);
    router.push(`/rooms/${encodeURIComponent(name.trim())}`);
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <label htmlFor="room-name">Room name</label>
      <div className="row">
        <input
          id="room-name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          placeholder="e.g. weekly-show"
          autoComplete="off"
          maxLength={MAX_ROOM_NAME_LENGTH}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "room-name-error" : "room-name-hint"}
        />
        <button type="submit" disabled={pending}>
          {pending ? "Opening…" : "Open room"}
        </button>
      </div>
      {error ? (
        <p className="field-error" id="room-name-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="hint" id="room-name-hint">
          A name nobody uses yet becomes your room. A name someone else owns needs their invite link.
        </p>
      )}
    </form>
  );
}
