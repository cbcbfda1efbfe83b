// The rooms page: the rooms you own or belong to (docs/ui.md, "Pages").
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { roleLabel } from "@golive/next/ui";
import { listRooms } from "@golive/next/rooms";
import { golive } from "../../lib/golive";
import { OpenRoomForm } from "./open-room-form";

export const metadata: Metadata = { title: "Rooms · golive" };
// No segment `dynamic`: the session is read under <Suspense>, as `cacheComponents` asks (docs/ui.md, "Pages").
export default function RoomsPage() {
  return (
    <main className="narrow">
      <h1>Rooms</h1>
      <p className="muted">
        A room is where you and your guests meet. A new name becomes your room; others enter it with an invite link you send
        them.
      </p>
      <OpenRoomForm />
      <Suspense fallback={<p className="muted">Loading your rooms…</p>}>
        <YourRooms />
      </Suspense>
    </main>
  );
}

async function YourRooms() {
  const user = await golive.pageUser("/rooms");
  const rooms = await listRooms(user.id);
  return (
    <section aria-labelledby="my-rooms-heading" className="card">
      <h2 id="my-rooms-heading">Your rooms</h2>
      {rooms.length === 0 ? (
        <p className="muted">None yet: open one above, or follow an invite link someone sent you.</p>
      ) : (
        <ul className="destination-list" aria-label="Your rooms">
          {rooms.map((r) => (
            <li key={r.room}>
              <Link href={`/rooms/${encodeURIComponent(r.room)}`} className="room-title">
                {r.room}
              </Link>
              <span className="state-chip" title={roleLabel[r.role].can}>
                {r.owner ? "owner" : roleLabel[r.role].name.toLowerCase()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
